// A message a decoder script injected takes the record's Type, Logger, Severity, Pid and
// Hostname wherever it left them out (spec §5.6). Done on the protobuf bytes: the sandbox core
// writes header fields in field-number order, so the missing ones are merged in at their place
// and the result is exactly what decoding, filling in and re-encoding would give, without the
// re-encoding (which cost more than anything else the host did per record).
import { Message, encodeMessage } from '@heka/core';
import { allocBytes } from '../../sandbox/byte-blocks.js';

// Field numbers of message.proto's headers taken from the record.
const INHERITED = [3, 4, 5, 8, 9] as const;
const MAX_HEADER = 9;

/** The record's headers, encoded once per distinct set of values. */
export class InheritedHeaders {
  // the values last encoded (compared one by one: a key string built per record cost more)
  #type: string | undefined;
  #logger = '';
  #severity = 0;
  #pid = 0;
  #hostname = '';
  #encoded: (Uint8Array | undefined)[] = [];
  #bytes = new Uint8Array(0);

  /** Encoded fields 3, 4, 5, 8, 9 of `original` (index = field number), as encodeMessage writes them. */
  of(original: Message): (Uint8Array | undefined)[] {
    const { type, logger, severity, pid, hostname } = original;
    if (type !== this.#type || logger !== this.#logger || severity !== this.#severity || pid !== this.#pid || hostname !== this.#hostname) {
      const m = new Message({ type, logger, severity, pid, hostname });
      const bytes = encodeMessage(m).slice();
      this.#bytes = bytes;
      const encoded: (Uint8Array | undefined)[] = [];
      forEachField(bytes, (n, start, end) => {
        if ((INHERITED as readonly number[]).includes(n)) encoded[n] = bytes.subarray(start, end);
        return true;
      });
      [this.#type, this.#logger, this.#severity, this.#pid, this.#hostname] = [type, logger, severity, pid, hostname];
      this.#encoded = encoded;
    }
    return this.#encoded;
  }

  /** All five headers of the last `of()` as one encoded run (a new array whenever they changed). */
  get bytes(): Uint8Array {
    return this.#bytes;
  }
}

// Where each header field (by number) starts in the bytes being merged; reused, as decoding is synchronous.
const starts = new Int32Array(MAX_HEADER + 1);

/**
 * `injected` with the inherited headers it lacks merged in, or undefined when the bytes are not
 * laid out as the core writes them (out of order, a varint header wider than encodeMessage
 * writes it): the caller then takes the decode + re-encode path. Only the headers are walked;
 * the fields after them are copied as one block.
 */
export function withInheritedHeaders(injected: Uint8Array, inherited: readonly (Uint8Array | undefined)[]): Uint8Array | undefined {
  const len = injected.length;
  let present = 0;
  let last = 0;
  let p = 0;
  let headersEnd = len;
  while (p < len) {
    const start = p;
    const tag = injected[p++]!; // header tags are one byte; a longer one ends the headers
    const n = tag >> 3;
    if (tag >= 0x80 || n > MAX_HEADER) {
      headersEnd = start;
      break;
    }
    if (n <= last) return undefined;
    last = n;
    const wire = tag & 7;
    if (wire === 0) {
      while (p < len && injected[p]! >= 0x80) p++;
      p++;
      if ((n === 5 || n === 8) && p - start > 6) return undefined; // encodeMessage writes int32 headers in ≤ 5 bytes
    } else if (wire === 2) {
      let size = 0;
      for (let shift = 0; ; shift += 7) {
        if (p >= len || shift > 28) return undefined;
        const b = injected[p++]!;
        size += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
      p += size;
    } else return undefined;
    if (p > len) return undefined;
    starts[n] = start;
    present |= 1 << n;
  }
  let extra = 0;
  for (const n of INHERITED) if ((present & (1 << n)) === 0) extra += inherited[n]!.length;
  if (extra === 0) return injected;
  const out = allocBytes(len + extra);
  let from = 0; // next byte of `injected` to copy
  let to = 0;
  for (const n of INHERITED) {
    if (present & (1 << n)) continue;
    // goes before the first present header with a higher number, or before the fields
    let before = headersEnd;
    for (let m = n + 1; m <= MAX_HEADER; m++) {
      if (present & (1 << m)) {
        before = starts[m]!;
        break;
      }
    }
    if (before > from) {
      out.set(injected.subarray(from, before), to);
      to += before - from;
      from = before;
    }
    out.set(inherited[n]!, to);
    to += inherited[n]!.length;
  }
  out.set(injected.subarray(from), to);
  return out;
}

/**
 * Calls `visit(fieldNumber, start, end)` for each top-level field of `buf` (start at its tag);
 * stops when visit returns false. Used once per distinct record header set.
 */
function forEachField(buf: Uint8Array, visit: (n: number, start: number, end: number) => boolean): void {
  let p = 0;
  const len = buf.length;
  while (p < len) {
    const start = p;
    const tag = buf[p++]!;
    const wire = tag & 7;
    if (wire === 0) {
      while (p < len && buf[p]! >= 0x80) p++;
      p++;
    } else {
      let size = 0;
      for (let shift = 0; p < len; shift += 7) {
        const b = buf[p++]!;
        size += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
      p += size;
    }
    if (!visit(tag >> 3, start, p)) return;
  }
}
