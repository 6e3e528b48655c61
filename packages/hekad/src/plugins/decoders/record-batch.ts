// Records on their way to a decoder worker: a log line's record goes as its payload bytes, the
// headers it shares with the records before it (sent once per batch and change) and its owed
// timestamp; the worker makes the same record again (uuid and timestamp still owed), so neither
// thread encodes it unless the script reads more than the payload. Any other record (with
// bytes, fields, a uuid or timestamp already made) goes whole, encoded.
import { Message, decodeMessage, encodeMessage, type Text } from '@heka/core';
import { Pack } from '../../pipeline/pack.js';

/** The headers a log line's record carries (what its input's decorator set). */
export interface RecordHeaders {
  type: Text | undefined;
  logger: Text | undefined;
  hostname: Text | undefined;
  envVersion: Text | undefined;
  severity: number | undefined;
  pid: number | undefined;
}

/** `headerOf` of a record sent whole. */
const WHOLE = 0xffff;
/** Bytes per record to start with; the data grows when lines are longer. */
const GUESS = 256;
/** Payloads at most this far apart in one array (a line and its newline) are copied as one run. */
const GAP = 16;

export interface RecordBatch {
  /** Record i is data[starts[i], ends[i]): its payload, or the whole record encoded. */
  data: Uint8Array;
  starts: Uint32Array;
  ends: Uint32Array;
  /** Per record: the index of its headers in `headers`, or WHOLE. */
  headerOf: Uint16Array;
  /** Per record: its owed timestamp as epoch ms and ns within (two slots). */
  stamps: Float64Array;
  headers: RecordHeaders[];
}

/** A created record whose headers, payload and owed uuid and timestamp say all about it. */
function isLogLine(pack: Pack): boolean {
  const m = pack.message;
  return pack.bytes === undefined && m._wire === undefined && m._unknown === undefined
    && (m._fields === undefined || m._fields.length === 0) && m.uuidOwed && m.owedStampEpochMs >= 0;
}

/**
 * Packs records for the worker (main thread). Their packs are not changed. The lines of a read
 * lie one after the other in its chunk: they are copied a run of lines at a time (a view and a
 * copy per line showed in profiles), the separators between them coming along unused.
 */
export class RecordBatchWriter {
  #data = new Uint8Array(0);
  /** Bytes written and pending in the run. */
  #at = 0;
  // the run being gathered: source[runStart, runEnd) goes to data at runAt
  #runSource: Uint8Array | undefined;
  #runStart = 0;
  #runEnd = 0;
  #runAt = 0;
  /** Where the last range added went. */
  #lastAt = 0;

  write(packs: readonly Pack[]): RecordBatch {
    const n = packs.length;
    const starts = new Uint32Array(n);
    const ends = new Uint32Array(n);
    const headerOf = new Uint16Array(n);
    const stamps = new Float64Array(2 * n);
    const headers: RecordHeaders[] = [];
    this.#data = new Uint8Array(n * GUESS);
    this.#at = 0;
    let last: RecordHeaders | undefined;
    for (let i = 0; i < n; i++) {
      const pack = packs[i]!;
      const m = pack.message;
      if (isLogLine(pack)) {
        if (last === undefined || !sameHeaders(m, last)) {
          last = { type: m._type, logger: m._logger, hostname: m._hostname, envVersion: m._envVersion, severity: m._severity, pid: m._pid };
          if (headers.length === WHOLE) throw new Error('too many distinct record headers in one batch');
          headers.push(last);
        }
        headerOf[i] = headers.length - 1;
        stamps[2 * i] = m.owedStampEpochMs;
        stamps[2 * i + 1] = m.owedStampSubNs;
        m.payloadTo(this);
      } else {
        headerOf[i] = WHOLE;
        const bytes = pack.bytes ?? encodeMessage(m);
        this.addRange(bytes, 0, bytes.length);
      }
      starts[i] = this.#lastAt;
      ends[i] = this.#at;
    }
    this.#flushRun();
    const data = this.#data;
    this.#data = new Uint8Array(0);
    return { data, starts, ends, headerOf, stamps, headers };
  }

  /** ByteRangeSink: appends source[start, end), to the run when it lies just after it. */
  addRange(source: Uint8Array, start: number, end: number): void {
    if (source !== this.#runSource || start < this.#runEnd || start - this.#runEnd > GAP) {
      this.#flushRun();
      this.#runSource = source;
      this.#runStart = start;
      this.#runAt = this.#at;
    }
    this.#runEnd = end;
    this.#lastAt = this.#runAt + (start - this.#runStart);
    this.#at = this.#runAt + (end - this.#runStart);
  }

  #flushRun(): void {
    const source = this.#runSource;
    if (source === undefined) return;
    this.#runSource = undefined;
    if (this.#at > this.#data.length) {
      const grown = new Uint8Array(Math.max(this.#data.length * 2, this.#at));
      grown.set(this.#data.subarray(0, this.#runAt));
      this.#data = grown;
    }
    const start = this.#runStart;
    const end = this.#runEnd;
    this.#data.set(start === 0 && end === source.length ? source : source.subarray(start, end), this.#runAt);
  }
}

function sameHeaders(m: Message, h: RecordHeaders): boolean {
  return m._type === h.type && m._logger === h.logger && m._hostname === h.hostname
    && m._envVersion === h.envVersion && m._severity === h.severity && m._pid === h.pid;
}

/** True when record i of a batch is a log line (else it was sent whole, encoded). */
export function isLine(batch: RecordBatch, i: number): boolean {
  return batch.headerOf[i] !== WHOLE;
}

/** Record i of a batch again (worker thread), as a pack; its payload or bytes are views of `data`. */
export function recordAt({ data, starts, ends, headerOf, stamps, headers }: RecordBatch, i: number): Pack {
  const start = starts[i]!;
  const end = ends[i]!;
  const h = headerOf[i]!;
  if (h === WHOLE) {
    const bytes = data.subarray(start, end);
    const pack = new Pack(decodeMessage(bytes));
    pack.bytes = bytes;
    return pack;
  }
  const m = new Message(headers[h]);
  m.oweAs(stamps[2 * i]!, stamps[2 * i + 1]!);
  m.setPayloadIn(data, start, end);
  return new Pack(m);
}

// The headers of the line last asked for, as a message (one per batch and header set, not per line).
let headersFor: RecordHeaders | undefined;
let headersMessage: Message | undefined;

/** A message with the headers of log line i of a batch (and nothing else), for reading them. */
export function lineHeaders(batch: RecordBatch, i: number): Message {
  const h = batch.headers[batch.headerOf[i]!]!;
  if (h !== headersFor) {
    headersFor = h;
    headersMessage = new Message(h);
  }
  return headersMessage!;
}
