// Finding framed records in a byte stream that arrives in chunks, as HekaFramingSplitter does
// (spec §1.6), without copying bytes that are already in one piece.
import {
  DEFAULT_MAX_MESSAGE_SIZE, RECORD_SEPARATOR, UNIT_SEPARATOR,
  decodeFrameHeader, type FrameHeader,
} from './framing.js';

export interface FrameRecord {
  kind: 'record';
  /** Stream offset of the record's 0x1E. */
  offset: number;
  /** The whole record, framing included. */
  record: Uint8Array;
  header: FrameHeader;
  /** The message bytes (the end of `record`). */
  message: Uint8Array;
}

/** Bytes that are not part of any record: garbage, corruption, or (truncated) an unfinished record at the end. */
export interface FrameSkip {
  kind: 'skip';
  /** Stream offset of the first skipped byte. */
  offset: number;
  length: number;
  /** Set by finish(): the input ended inside what looked like a record. */
  truncated?: true;
  /** message_length of headers refused for exceeding the maximum message size, in stream order. */
  oversized?: number[];
}

export type FrameItem = FrameRecord | FrameSkip;

const NO_BYTES = new Uint8Array(0);
const MIN_CARRY = 512;

/**
 * The same bytes as a plain Uint8Array: views of a Buffer are Buffers, built by a JS
 * constructor, and every record costs two views.
 */
function plainView(bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * An incremental record finder. Feed it with push(chunk), take items with next() until it
 * returns undefined (or iterate it), then push more; at the end of the input call finish() for
 * what is left.
 * Items come in stream order: records, and skips for the bytes between them (consecutive
 * skipped bytes are merged into one skip, reported just before the next record or by finish()).
 *
 * Views: `record` and `message` are views (plain Uint8Arrays, also for Buffer input), not
 * copies: of the pushed chunk when the record lies in one chunk, else of a buffer the reader
 * allocated. The reader never writes into memory it has handed out, so a view stays valid for
 * as long as the caller does not modify the chunk it pushed (copy records before reusing a
 * chunk's memory, e.g. with fs.readSync into one buffer). A view keeps its whole chunk alive;
 * copy a record you keep for long to free the chunk.
 */
export class FrameReader {
  readonly maxMessageSize: number;
  // Chunks pushed and not yet consumed; chunks[head] is being read from `chunkPos`.
  private chunks: Uint8Array[] = [];
  private head = 0;
  private chunkPos = 0;
  private chunkBase = 0;
  // A record (or candidate) that spans chunks is gathered here: pending bytes are
  // carry[carryStart, carryEnd), stream offsets carryBase + index, and they are followed in the
  // stream by the unconsumed chunk bytes.
  private carry: Uint8Array = NO_BYTES;
  private carryStart = 0;
  private carryEnd = 0;
  private carryBase = 0;
  private carryLent = false;
  // Skipped bytes not reported yet.
  private skipOffset = 0;
  private skipLength = 0;
  private skipOversized: number[] | undefined;
  private queued: FrameRecord | undefined;
  private ended = false;
  // Where a scan stopped: a record in [foundStart, foundEnd) or more bytes needed (`need`
  // bytes from `needAt`); foundHeader is the decoded header of a found record.
  private foundStart = 0;
  private foundEnd = 0;
  private foundHeader: FrameHeader | undefined;
  private needAt = 0;
  private need = 0;

  /**
   * `maxMessageSize`: larger message_length values make a header "not a header" (Heka's
   * max_message_size). `offset`: stream offset of the first byte pushed, e.g. where a file
   * was opened, so that reported offsets are file offsets.
   */
  constructor(options: { maxMessageSize?: number; offset?: number } = {}) {
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.chunkBase = options.offset ?? 0;
  }

  /** The items available now: `for (const item of reader)` after each push(). */
  *[Symbol.iterator](): IterableIterator<FrameItem> {
    for (let item = this.next(); item !== undefined; item = this.next()) yield item;
  }

  /** Bytes held that are not consumed yet. */
  get buffered(): number {
    let n = this.carryEnd - this.carryStart;
    for (let i = this.head; i < this.chunks.length; i++) n += this.chunks[i]!.length;
    return n - (this.head < this.chunks.length ? this.chunkPos : 0);
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('FrameReader: push() after finish()');
    if (chunk.length > 0) this.chunks.push(plainView(chunk));
  }

  /** The next record or skip, or undefined when more input is needed. */
  next(): FrameItem | undefined {
    if (this.queued !== undefined) {
      const record = this.queued;
      this.queued = undefined;
      return record;
    }
    const record = this.findRecord();
    if (record === undefined) return undefined;
    if (this.skipLength > 0) {
      this.queued = record;
      return this.takeSkip();
    }
    return record;
  }

  /**
   * Ends the input: returns the items still to come, the last being a truncated skip when the
   * input stopped inside a record. The reader is then empty and accepts no more input.
   */
  finish(): FrameItem[] {
    const items: FrameItem[] = [];
    for (let item = this.next(); item !== undefined; item = this.next()) items.push(item);
    this.ended = true;
    if (this.skipLength > 0) items.push(this.takeSkip());
    if (this.carryEnd > this.carryStart) {
      items.push({ kind: 'skip', offset: this.carryBase + this.carryStart, length: this.carryEnd - this.carryStart, truncated: true });
      this.carryStart = this.carryEnd;
    }
    this.carry = NO_BYTES;
    return items;
  }

  private takeSkip(): FrameSkip {
    const skip: FrameSkip = { kind: 'skip', offset: this.skipOffset, length: this.skipLength };
    if (this.skipOversized !== undefined) skip.oversized = this.skipOversized;
    this.skipLength = 0;
    this.skipOversized = undefined;
    return skip;
  }

  private addSkip(offset: number, length: number): void {
    if (this.skipLength === 0) this.skipOffset = offset;
    this.skipLength += length;
  }

  /**
   * Looks for a record in buf[pos, end) (stream offset of buf[0] is `base`). Returns true with
   * found* set for a record, false with need* set when the bytes end first; skipped bytes are
   * added to the pending skip either way.
   */
  private scan(buf: Uint8Array, pos: number, end: number, base: number): boolean {
    for (;;) {
      let at = buf[pos] === RECORD_SEPARATOR ? pos : buf.indexOf(RECORD_SEPARATOR, pos);
      if (at < 0 || at >= end) at = end;
      if (at > pos) this.addSkip(base + pos, at - pos);
      pos = at;
      if (end - pos < 2) return this.needMore(pos, 2);
      const headerEnd = pos + 2 + buf[pos + 1]!;
      if (end <= headerEnd) return this.needMore(pos, headerEnd + 1 - pos);
      const header = buf[headerEnd] === UNIT_SEPARATOR ? decodeFrameHeader(buf, pos + 2, headerEnd) : undefined;
      if (header === undefined || header.message_length > this.maxMessageSize) {
        if (header !== undefined) (this.skipOversized ??= []).push(header.message_length);
        this.addSkip(base + pos, 1);
        pos++;
        continue;
      }
      const recordEnd = headerEnd + 1 + header.message_length;
      if (end < recordEnd) return this.needMore(pos, recordEnd - pos);
      this.foundStart = pos;
      this.foundEnd = recordEnd;
      this.foundHeader = header;
      return true;
    }
  }

  private needMore(at: number, need: number): false {
    this.needAt = at;
    this.need = need;
    return false;
  }

  private makeRecord(buf: Uint8Array, base: number): FrameRecord {
    const start = this.foundStart;
    const end = this.foundEnd;
    const header = this.foundHeader!;
    return {
      kind: 'record',
      offset: base + start,
      record: buf.subarray(start, end),
      header,
      message: buf.subarray(end - header.message_length, end),
    };
  }

  private findRecord(): FrameRecord | undefined {
    for (;;) {
      if (this.carryEnd > this.carryStart) {
        if (this.scan(this.carry, this.carryStart, this.carryEnd, this.carryBase)) {
          this.carryStart = this.foundEnd;
          this.carryLent = true;
          return this.makeRecord(this.carry, this.carryBase);
        }
        // Either everything gathered was skipped (go on in the chunks) or more is needed.
        this.carryStart = Math.min(this.needAt, this.carryEnd);
        if (this.carryStart < this.carryEnd && !this.fillCarry()) return undefined;
        continue;
      }
      if (this.head >= this.chunks.length) return undefined;
      const chunk = this.chunks[this.head]!;
      if (this.scan(chunk, this.chunkPos, chunk.length, this.chunkBase)) {
        this.chunkPos = this.foundEnd;
        return this.makeRecord(chunk, this.chunkBase);
      }
      // The chunk ends inside a (possible) record: gather it, continuing in the next chunks.
      if (this.needAt < chunk.length) this.startCarry(chunk, this.needAt, this.chunkBase);
      this.dropChunk();
    }
  }

  /** Starts gathering a record from chunk[from...]. */
  private startCarry(chunk: Uint8Array, from: number, base: number): void {
    const length = chunk.length - from;
    this.reserveCarry(Math.max(this.need, length));
    this.carry.set(chunk.subarray(from), 0);
    this.carryStart = 0;
    this.carryEnd = length;
    this.carryBase = base + from;
  }

  /** Makes room for `size` bytes from carry index 0, never writing over lent memory. */
  private reserveCarry(size: number): void {
    if (this.carryLent || this.carry.length < size) {
      this.carry = plainView(Buffer.allocUnsafe(Math.max(size, MIN_CARRY, this.carryLent ? 0 : this.carry.length * 2)));
      this.carryLent = false;
    }
  }

  /** Moves the pending carry bytes to a buffer with room for `need` bytes from carryStart. */
  private growCarry(): void {
    const pending = this.carry.subarray(this.carryStart, this.carryEnd);
    const old = this.carry;
    this.reserveCarry(this.need);
    if (this.carry === old) this.carry.copyWithin(0, this.carryStart, this.carryEnd);
    else this.carry.set(pending, 0);
    this.carryBase += this.carryStart;
    this.carryEnd -= this.carryStart;
    this.carryStart = 0;
  }

  /** Appends chunk bytes to the carry until `need` bytes are pending; false if input runs out. */
  private fillCarry(): boolean {
    // Appending never touches lent memory (it lies before carryStart); moving the bytes would.
    if (this.carryStart + this.need > this.carry.length) this.growCarry();
    while (this.carryEnd - this.carryStart < this.need) {
      if (this.head >= this.chunks.length) return false;
      const chunk = this.chunks[this.head]!;
      const take = Math.min(this.need - (this.carryEnd - this.carryStart), chunk.length - this.chunkPos);
      this.carry.set(chunk.subarray(this.chunkPos, this.chunkPos + take), this.carryEnd);
      this.carryEnd += take;
      this.chunkPos += take;
      if (this.chunkPos === chunk.length) this.dropChunk();
    }
    return true;
  }

  private dropChunk(): void {
    this.chunkBase += this.chunks[this.head]!.length;
    this.chunks[this.head] = NO_BYTES;
    this.head++;
    this.chunkPos = 0;
    if (this.head === this.chunks.length) {
      this.chunks.length = 0;
      this.head = 0;
    }
  }
}
