// Cuts one input stream into records with a splitter (spec §4.4), as Heka's SplitterRunner:
// a buffer that starts at min_buffer_size and doubles up to MAX_RECORD_SIZE, records too large
// dropped or truncated, a partial final record delivered only on request. Records are views of
// the pushed chunks where they lie in one chunk; only a record that spans chunks is copied.
import type { CommonConfigOf } from '@heka/core';
import { NO_RECORD, type RecordDropReason, type Splitter, type SplitterReport } from './contracts.js';

const EMPTY = Buffer.alloc(0);

/**
 * One record, ready for a decoder (message bytes) or to become a message payload. The runner
 * hands out the same object for every record (one allocation less per record): its properties
 * are valid during the onRecord call only; copy what you keep (`bytes` itself stays valid).
 */
export interface SplitRecord {
  /**
   * The record: `source[start, end)`, as a view made on first use. A view that stays valid: the
   * runner never writes into memory it handed out, nor should the input reuse a pushed chunk.
   */
  readonly bytes: Uint8Array;
  /** The array the record lies in, and where: take the bytes from there to save making a view. */
  readonly source: Uint8Array;
  readonly start: number;
  readonly end: number;
  /** use_message_bytes: 'message' goes to the decoder as protobuf bytes, 'payload' becomes a message payload. */
  readonly kind: 'message' | 'payload';
  /** Stream offset just after the record: an input may checkpoint here once the record is delivered. */
  readonly offset: number;
  /** HekaFramingSplitter: the signer whose HMAC was verified, for message_signer. */
  readonly signer: string | undefined;
  /** Cut at the maximum record size (keep_truncated). */
  readonly truncated: boolean;
}

/** The runner's one SplitRecord: a view of the record is made only when `bytes` is read. */
class RecordInChunk implements SplitRecord {
  source: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  offset = 0;
  signer: string | undefined = undefined;
  truncated = false;
  private view: Uint8Array | undefined = undefined;

  constructor(readonly kind: 'message' | 'payload') {}

  get bytes(): Uint8Array {
    if (this.view === undefined) {
      const source = this.source;
      // Always a plain Uint8Array: a view of a Buffer would be a Buffer, built by a JavaScript
      // constructor, and plain views cost far less.
      const whole = this.start === 0 && this.end === source.length && source.constructor === Uint8Array;
      this.view = whole ? source : new Uint8Array(source.buffer, source.byteOffset + this.start, this.end - this.start);
    }
    return this.view;
  }

  set(source: Uint8Array, start: number, end: number): void {
    this.source = source;
    this.start = start;
    this.end = end;
    this.view = undefined;
  }
}

export type SplitterProblem =
  | { readonly kind: 'record-too-large'; readonly kept: boolean; readonly message: string; readonly offset: number }
  | { readonly kind: 'record-dropped'; readonly reason: RecordDropReason; readonly message: string; readonly offset: number }
  | (Extract<SplitterReport, { kind: 'message-too-large' }> & { readonly offset: number });

export interface SplitterStats {
  records: number;
  /** Bytes of the records delivered. */
  bytes: number;
  truncated: number;
  dropped: Record<RecordDropReason, number>;
  /** Bytes the splitter skipped as part of no record (garbage, corruption). */
  skipped: number;
  /** The current buffer capacity. */
  bufferSize: number;
}

export type SplitterCommon = Pick<CommonConfigOf<'splitter'>, 'keep_truncated' | 'use_message_bytes' | 'min_buffer_size' | 'deliver_incomplete_final'>;

export interface SplitterRunnerOptions {
  readonly splitter: Splitter;
  readonly common: SplitterCommon;
  /** recordSizeLimit(globals): Heka's MAX_RECORD_SIZE. */
  readonly maxRecordSize: number;
  /** Stream offset of the first byte pushed (where a journal resumed). */
  readonly offset?: number;
  readonly onRecord: (record: SplitRecord) => void;
  readonly onProblem?: (problem: SplitterProblem) => void;
}

// Bytes of a chunk appended to a pending partial record at a time, at least: enough to finish a
// typical record without copying the whole chunk.
const MIN_APPEND = 512;

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

export class SplitterRunner {
  readonly stats: SplitterStats;
  private readonly splitter: Splitter;
  private readonly max: number;
  private readonly kind: 'message' | 'payload';
  // Pending bytes of a record that spans pushes: buf[bufStart, bufEnd). Bytes are only ever
  // appended; moving them means a new buffer, so views handed out and bytes shown to the
  // splitter never change.
  private buf: Buffer = EMPTY;
  private bufStart = 0;
  private bufEnd = 0;
  private capacity: number;
  private pos: number;
  // A record reached the maximum size before its end: its first bytes wait here until its end
  // is found (the next record found is its rest, as in Heka), so that it is reported once and
  // its offset is where it ends, however it arrived in chunks.
  private oversized: Uint8Array | undefined;
  private ended = false;
  private readonly record: RecordInChunk;

  constructor(private readonly options: SplitterRunnerOptions) {
    this.splitter = options.splitter;
    this.max = options.maxRecordSize;
    this.kind = options.common.use_message_bytes ? 'message' : 'payload';
    this.record = new RecordInChunk(this.kind);
    // A default min_buffer_size above a small max_message_size is capped rather than refused.
    this.capacity = Math.max(1, Math.min(options.common.min_buffer_size, this.max));
    this.pos = options.offset ?? 0;
    this.stats = {
      records: 0, bytes: 0, truncated: 0, skipped: 0, bufferSize: this.capacity,
      dropped: { 'too-large': 0, 'unknown-signer': 0, 'bad-hmac': 0, 'bad-header': 0, incomplete: 0 },
    };
    this.splitter.attach?.({
      report: (report) => {
        // Skipped bytes are counted, not reported one by one: garbage comes in any number of pieces.
        if (report.kind === 'skipped') this.stats.skipped += report.bytes;
        else this.options.onProblem?.({ ...report, offset: this.pos });
      },
    });
  }

  /** Stream offset through which every byte has been consumed (records, delimiters, garbage). */
  get position(): number {
    return this.pos;
  }

  /** Bytes held that belong to no record yet. */
  get pending(): number {
    return this.bufEnd - this.bufStart;
  }

  /** Splits the next bytes of the stream; records go to onRecord before this returns. */
  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error('SplitterRunner: push() after end()');
    const data = asBuffer(chunk);
    let at = 0;
    while (at < data.length) at = this.pending > 0 ? this.pushPending(data, at) : this.pushDirect(data, at);
  }

  /** The input ended: the partial record left is delivered only with deliver_incomplete_final. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const pending = this.pending;
    if (pending === 0) return;
    if (this.oversized === undefined && !this.options.common.deliver_incomplete_final) {
      // Not consumed: a checkpoint at `position` reads these bytes again.
      this.drop('incomplete', `the input ended inside a record; ${pending} bytes were not delivered (set deliver_incomplete_final = true on the splitter to deliver them)`);
      return;
    }
    const start = this.bufStart;
    this.bufStart = this.bufEnd;
    this.pos += pending;
    if (this.oversized === undefined) this.deliver(this.view(this.buf, start, start + pending), false);
    else this.endOversized();
  }

  /**
   * A self-contained unit ended (a datagram; Heka throws away what is left of each): a partial
   * record is delivered only with deliver_incomplete_final, else dropped and counted. The runner
   * goes on with the next unit from a clean state.
   */
  endUnit(): void {
    const pending = this.pending;
    if (pending === 0) return;
    const start = this.bufStart;
    this.bufStart = this.bufEnd;
    this.pos += pending;
    this.splitter.reset?.();
    if (this.oversized !== undefined) this.endOversized();
    else if (this.options.common.deliver_incomplete_final) this.deliver(this.view(this.buf, start, start + pending), false);
    else this.drop('incomplete', `a datagram ended inside a record; ${pending} bytes were not delivered (set deliver_incomplete_final = true on the splitter to deliver them)`);
  }

  /** Scans the chunk itself; what is left after its last record moves to the buffer. */
  private pushDirect(data: Buffer, at: number): number {
    const stop = this.scan(data, at, data.length);
    if (data.length - stop >= this.max) return this.overflow(data, stop);
    this.append(data, stop, data.length - stop);
    return data.length;
  }

  /** Adds some chunk bytes to the pending record and scans; returns how far into the chunk the pending bytes now reach. */
  private pushPending(data: Buffer, at: number): number {
    const pending = this.pending;
    const take = Math.min(data.length - at, this.max - pending, Math.max(MIN_APPEND, pending));
    const joined = this.append(data, at, take);
    const stop = this.scan(this.buf, this.bufStart, this.bufEnd);
    if (stop >= joined) {
      // Every byte carried over is used up: go on in the chunk itself.
      const rest = this.bufEnd - stop;
      this.bufStart = this.bufEnd;
      return at + take - rest;
    }
    this.bufStart = stop;
    if (this.pending >= this.max) return this.overflowPending(at + take);
    return at + take;
  }

  /** Finds and delivers the records in buf[start, end); returns where the unconsumed bytes start. */
  private scan(buf: Buffer, start: number, end: number): number {
    const splitter = this.splitter;
    let s = start;
    while (s < end) {
      const found = splitter.findRecord(buf, s, end);
      const consumed = found.consumed;
      const recordStart = found.recordStart;
      if (recordStart === NO_RECORD) {
        s += consumed;
        this.pos += consumed;
        break;
      }
      const recordEnd = found.recordEnd;
      const next = s + consumed;
      if (this.oversized === undefined && Math.max(recordEnd, next) - recordStart > this.max) {
        // It arrived whole, but Heka's buffer would have filled up at recordStart + max first:
        // cut it there and go on from there, as when it arrives in pieces.
        const cutAt = recordStart + this.max;
        this.pos += cutAt - s;
        s = cutAt;
        this.oversized = this.view(buf, recordStart, cutAt);
        splitter.reset?.();
        continue;
      }
      s = next;
      this.pos += consumed;
      if (this.oversized !== undefined) this.endOversized();
      // Empty records (two delimiters in a row for RegexSplitter) are not delivered, as in Heka.
      else if (recordEnd > recordStart) this.deliverIn(buf, recordStart, recordEnd);
    }
    return s;
  }

  /**
   * A record reaches past the maximum size with its end not in sight: cut it there and discard
   * the rest of it, which ends with the next record found (Heka drops that one too).
   */
  private overflow(data: Buffer, start: number): number {
    this.pos += this.max;
    this.oversized ??= this.view(data, start, start + this.max);
    this.splitter.reset?.();
    return start + this.max;
  }

  private overflowPending(chunkAt: number): number {
    const start = this.bufStart;
    this.bufStart = this.bufEnd = start + this.max;
    this.pos += this.max;
    this.oversized ??= this.view(this.buf, start, start + this.max);
    this.splitter.reset?.();
    return chunkAt;
  }

  private endOversized(): void {
    const first = this.oversized!;
    this.oversized = undefined;
    this.cut(first);
  }

  /** Delivers the first maximum-size bytes of a record (keep_truncated) or drops it. */
  private cut(first: Uint8Array): void {
    const keep = this.options.common.keep_truncated;
    const message = `record exceeded MAX_RECORD_SIZE ${this.max} and was ${keep ? 'truncated' : 'dropped'}`;
    this.options.onProblem?.({ kind: 'record-too-large', kept: keep, message, offset: this.pos });
    if (keep) {
      this.stats.truncated++;
      this.deliver(first, true);
    } else this.stats.dropped['too-large']++;
  }

  // buffer and byteOffset of the Buffer last viewed: reading them is a builtin call each time.
  private viewed: Buffer = EMPTY;
  private viewedBuffer: ArrayBufferLike = EMPTY.buffer;
  private viewedOffset = 0;

  /** Views of a Buffer are Buffers, built by a JavaScript constructor; plain views cost far less. */
  private view(buf: Buffer, start: number, end: number): Uint8Array {
    if (buf !== this.viewed) {
      this.viewed = buf;
      this.viewedBuffer = buf.buffer;
      this.viewedOffset = buf.byteOffset;
    }
    return new Uint8Array(this.viewedBuffer, this.viewedOffset + start, end - start);
  }

  private deliver(record: Uint8Array, truncated: boolean): void {
    let bytes = record;
    let signer: string | undefined;
    if (this.splitter.unframe !== undefined) {
      const unframed = this.splitter.unframe(bytes);
      if (!unframed.ok) {
        this.drop(unframed.reason, unframed.message);
        return;
      }
      bytes = unframed.bytes;
      signer = unframed.signer;
    }
    this.hand(bytes, 0, bytes.length, signer, truncated);
  }

  /** A whole record found at buf[start, end): handed out where it lies unless it must be unframed. */
  private deliverIn(buf: Buffer, start: number, end: number): void {
    if (this.splitter.unframe !== undefined) this.deliver(this.view(buf, start, end), false);
    else this.hand(buf, start, end, undefined, false);
  }

  private hand(source: Uint8Array, start: number, end: number, signer: string | undefined, truncated: boolean): void {
    this.stats.records++;
    this.stats.bytes += end - start;
    const out = this.record;
    out.set(source, start, end);
    out.offset = this.pos;
    out.signer = signer;
    out.truncated = truncated;
    this.options.onRecord(out);
    out.set(EMPTY, 0, 0);
  }

  private drop(reason: RecordDropReason, message: string): void {
    this.stats.dropped[reason]++;
    this.options.onProblem?.({ kind: 'record-dropped', reason, message, offset: this.pos });
  }

  /**
   * Appends data[at, at + length) to the pending bytes, first moving them to a new buffer when
   * the current one has no room (doubling up to the maximum record size). Returns the buffer
   * index where the appended bytes start.
   */
  private append(data: Buffer, at: number, length: number): number {
    if (length === 0) return this.bufEnd;
    const pending = this.pending;
    if (this.bufEnd + length > this.buf.length) {
      while (this.capacity < pending + length && this.capacity < this.max) this.capacity = Math.min(this.capacity * 2, this.max);
      this.stats.bufferSize = this.capacity;
      const next = Buffer.allocUnsafeSlow(Math.max(this.capacity, pending + length));
      this.buf.copy(next, 0, this.bufStart, this.bufEnd);
      this.buf = next;
      this.bufStart = 0;
      this.bufEnd = pending;
    }
    const joined = this.bufEnd;
    data.copy(this.buf, joined, at, at + length);
    this.bufEnd += length;
    return joined;
  }
}
