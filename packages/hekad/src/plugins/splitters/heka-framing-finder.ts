// Finding Heka-framed records (spec §1.6) and unframing them with HMAC checks (§1.5), for
// HekaFramingSplitter. Header decoding and HMAC verification are the message module's.
import { HEADER_FRAMING_SIZE, RECORD_SEPARATOR, UNIT_SEPARATOR, decodeFrameHeader, verifyRecord } from '@heka/core';
import { NO_RECORD, type FoundRecord, type Splitter, type SplitterHost, type Unframed } from '../../pipeline/contracts.js';

/** Heka authenticates only records whose framed header is longer than a UUID (16 bytes). */
const AUTH_MIN_FRAMED_HEADER = 17;

export interface FramingOptions {
  readonly maxMessageSize: number;
  /** "<signer>_<version>" → HMAC key. */
  readonly signers: ReadonlyMap<string, string>;
  readonly skipAuthentication: boolean;
}

export class HekaFramingSplitterInstance implements Splitter {
  private readonly found: FoundRecord = { consumed: 0, recordStart: NO_RECORD, recordEnd: NO_RECORD };
  private host: SplitterHost | undefined;
  private readonly signers: Map<string, string>;

  constructor(private readonly options: FramingOptions) {
    this.signers = new Map(options.signers);
  }

  /** The input's own signer tables; the splitter's own entry wins for a key both name. */
  acceptSigners(signers: ReadonlyMap<string, string>): void {
    for (const [key, hmacKey] of signers) if (!this.signers.has(key)) this.signers.set(key, hmacKey);
  }

  attach(host: SplitterHost): void {
    this.host = host;
  }

  findRecord(buf: Uint8Array, start: number, end: number): FoundRecord {
    let pos = start;
    for (;;) {
      const at = buf.indexOf(RECORD_SEPARATOR, pos);
      // Bytes before a separator are garbage: consumed, never a record.
      if (at < 0 || at >= end) return this.needMore(start, end);
      if (end - at < 2) return this.needMore(start, at);
      const headerEnd = at + 2 + buf[at + 1]!;
      if (end <= headerEnd) return this.needMore(start, at);
      if (buf[headerEnd] === UNIT_SEPARATOR) {
        const header = decodeFrameHeader(buf, at + 2, headerEnd);
        if (header !== undefined && header.message_length <= this.options.maxMessageSize) {
          const recordEnd = headerEnd + 1 + header.message_length;
          if (end < recordEnd) return this.needMore(start, at);
          const found = this.found;
          if (at > start) this.skipped(at - start);
          found.consumed = recordEnd - start;
          found.recordStart = at;
          found.recordEnd = recordEnd;
          return found;
        }
        if (header !== undefined) this.refuse(header.message_length);
      }
      // Not a header: resynchronise on the next separator.
      pos = at + 1;
    }
  }

  unframe(record: Uint8Array): Unframed {
    const framedHeader = record[1]! + HEADER_FRAMING_SIZE;
    if (record.length < framedHeader) return { ok: false, reason: 'bad-header', message: 'incomplete framing header' };
    const bytes = record.subarray(framedHeader);
    if (this.options.skipAuthentication || framedHeader < AUTH_MIN_FRAMED_HEADER) return { ok: true, bytes, signer: undefined };
    const header = decodeFrameHeader(record, 2, framedHeader - 1);
    if (header === undefined) return { ok: false, reason: 'bad-header', message: 'undecodable framing header' };
    // Unlike Heka, a header that names a signer but carries no HMAC does not make its message
    // count as signed: message_signer would otherwise trust an unverified name.
    const verified = verifyRecord(header, bytes, this.signers);
    if (!verified.ok) return { ok: false, reason: verified.reason, message: verified.detail };
    return { ok: true, bytes, signer: verified.signer };
  }

  private needMore(start: number, upTo: number): FoundRecord {
    const found = this.found;
    // What is consumed without a record was garbage (bytes before the next candidate 0x1E).
    if (upTo > start) this.skipped(upTo - start);
    found.consumed = upTo - start;
    found.recordStart = found.recordEnd = NO_RECORD;
    return found;
  }

  private skipped(bytes: number): void {
    this.host?.report({ kind: 'skipped', bytes });
  }

  private refuse(length: number): void {
    this.host?.report({
      kind: 'message-too-large',
      length,
      message: `message exceeds the maximum length [${this.options.maxMessageSize} bytes] len: ${length}`,
    });
  }
}
