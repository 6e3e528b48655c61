// The records a sender holds: a FIFO that also counts its bytes, with O(1) shift.
import type { SendDone } from './sender.js';

export interface QueuedRecord {
  bytes: Uint8Array;
  done: SendDone | undefined;
}

export class RecordQueue {
  private items: QueuedRecord[] = [];
  private head = 0;
  bytes = 0;

  get length(): number { return this.items.length - this.head; }

  push(item: QueuedRecord): void {
    this.items.push(item);
    this.bytes += item.bytes.length;
  }

  /** Puts records back in front, keeping their order (a connection failed with them in flight). */
  unshiftAll(items: readonly QueuedRecord[]): void {
    if (items.length === 0) return;
    this.items = items.concat(this.items.slice(this.head));
    this.head = 0;
    for (const item of items) this.bytes += item.bytes.length;
  }

  peek(): QueuedRecord | undefined { return this.items[this.head]; }

  shift(): QueuedRecord | undefined {
    const item = this.items[this.head];
    if (item === undefined) return undefined;
    this.items[this.head++] = undefined as unknown as QueuedRecord;
    this.bytes -= item.bytes.length;
    // Compact now and then instead of shifting the array on every take.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  /** Takes records from the front while their total stays within maxBytes (at least one). */
  takeBatch(maxBytes: number, maxCount: number): QueuedRecord[] {
    const batch: QueuedRecord[] = [];
    let size = 0;
    for (let item = this.peek(); item !== undefined && batch.length < maxCount; item = this.peek()) {
      if (batch.length > 0 && size + item.bytes.length > maxBytes) break;
      batch.push(this.shift()!);
      size += item.bytes.length;
    }
    return batch;
  }

  drain(): QueuedRecord[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    return rest;
  }
}
