// Encoded messages waiting for one write. Views that follow each other in memory (the records
// of one read chunk, say) are joined into one, so a batch of thousands of messages is a handful
// of buffers for writev instead of one per message, and adding one allocates nothing.
import type { ByteRangeSink } from '@heka/core';
import type { Deferred } from '../../pipeline/contracts.js';
import { DeliveryList, type DeliveryArrays } from './delivery-list.js';

export class WriteBatch implements ByteRangeSink {
  private readonly closed: Uint8Array[] = [];
  // The deliveries to release once the batch is written and flushed.
  private readonly done: DeliveryList;
  /** Bytes batched. */
  bytes = 0;
  // The open range, backing[start, end): grows while each message starts where the last ended.
  private backing: ArrayBufferLike | undefined;
  private start = 0;
  private end = 0;
  // The array whose bytes were added last: its `buffer` is `backing`.
  private lastSource: Uint8Array | undefined;

  /** `arrays`: the output's arrays for delivery lists, shared by its batches. */
  constructor(arrays: DeliveryArrays) {
    this.done = new DeliveryList(arrays);
  }

  get messages(): number { return this.done.count; }

  /** The deliveries, in order. Call once, when the batch is written. */
  deliveries(): DeliveryList {
    return this.done;
  }

  /** A message's delivery, released once its bytes (added before or after) are written and flushed. */
  addDelivery(delivery: Deferred): void {
    this.done.add(delivery);
  }

  /** Batches source[start, end) (kept, not copied). */
  addRange(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length === 0) return;
    this.bytes += length;
    // byteOffset first, then the array last seen on this backing: reading `buffer` is a slower builtin call.
    const at = source.byteOffset + start;
    if (at === this.end && (source === this.lastSource || source.buffer === this.backing)) {
      this.end += length;
      this.lastSource = source;
      return;
    }
    this.closeRange();
    this.backing = source.buffer;
    this.lastSource = source;
    this.start = at;
    this.end = at + length;
  }

  /** The batched bytes, in order, as few buffers as memory allows. Call once, when writing. */
  buffers(): Uint8Array[] {
    this.closeRange();
    return this.closed;
  }

  private closeRange(): void {
    if (this.backing === undefined) return;
    this.closed.push(new Uint8Array(this.backing, this.start, this.end - this.start));
    this.backing = undefined;
    this.lastSource = undefined;
  }
}
