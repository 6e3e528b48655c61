// Encoded messages waiting for one write. Views that follow each other in memory (the records
// of one read chunk, say) are joined into one, so a batch of thousands of messages is a handful
// of buffers for writev instead of one per message, and adding one allocates nothing.
import type { Deferred } from '../../pipeline/contracts.js';

// Room made up front for at most this many deliveries (more still fit, by growing).
const MAX_EXPECTED = 16_384;

export class WriteBatch {
  private readonly closed: Uint8Array[] = [];
  // The deliveries to release once the batch is written and flushed: [0, count). The array is
  // made with room for the expected number: growing it by push() from empty copied it over and
  // over (~30 bytes per message in heap profiles at flush_count 5000).
  private readonly done: Deferred[];
  private count = 0;
  /** Bytes batched. */
  bytes = 0;
  // The open range, backing[start, end): grows while each message starts where the last ended.
  private backing: ArrayBufferLike | undefined;
  private start = 0;
  private end = 0;

  /** `expected`: how many messages the batch will probably hold (flush_count). */
  constructor(expected = 0) {
    this.done = new Array<Deferred>(Math.min(Math.max(0, expected), MAX_EXPECTED));
  }

  get messages(): number { return this.count; }

  /** The deliveries, in order. Call once, when the batch is written. */
  deliveries(): Deferred[] {
    this.done.length = this.count;
    return this.done;
  }

  add(bytes: Uint8Array, delivery: Deferred): void {
    if (this.count < this.done.length) this.done[this.count] = delivery;
    else this.done.push(delivery);
    this.count++;
    const length = bytes.length;
    if (length === 0) return;
    this.bytes += length;
    // byteOffset first: reading `buffer` is a slower builtin call.
    if (bytes.byteOffset === this.end && bytes.buffer === this.backing) {
      this.end += length;
      return;
    }
    this.closeRange();
    this.backing = bytes.buffer;
    this.start = bytes.byteOffset;
    this.end = bytes.byteOffset + length;
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
  }
}
