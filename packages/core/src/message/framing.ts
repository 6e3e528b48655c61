// Heka's stream framing: 0x1E, header length H, Header protobuf (H bytes), 0x1F, message bytes.
import protobuf from 'protobufjs/minimal.js';
import { heka } from './message.generated.js';
import { hmacDigest, type Signer } from './signing.js';
import { varint32Size, writeVarint32 } from './wire.js';

export const RECORD_SEPARATOR = 0x1e;
export const UNIT_SEPARATOR = 0x1f;
/** Bytes of framing around the header: separator, length byte, unit separator. */
export const HEADER_FRAMING_SIZE = 3;
export const MAX_HEADER_SIZE = 255;
export const DEFAULT_MAX_MESSAGE_SIZE = 65536;

/** Largest framed record for a given max_message_size (65794 by default). */
export function maxRecordSize(maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE): number {
  return HEADER_FRAMING_SIZE + MAX_HEADER_SIZE + maxMessageSize;
}

export const HmacHashFunction = { MD5: 0, SHA1: 1 } as const;

/** A decoded framing header. `hmac` is undefined for an unsigned record. */
export interface FrameHeader {
  message_length: number;
  /** HmacHashFunction.MD5 (the default) or SHA1. */
  hmac_hash_function: number;
  /** "" when absent. */
  hmac_signer: string;
  /** 0 when absent. */
  hmac_key_version: number;
  hmac: Uint8Array | undefined;
}

/** A message that cannot be framed (too big, header too big). */
export class FramingError extends Error {
  override name = 'FramingError';
}

const MESSAGE_LENGTH_TAG = 0x08;

/**
 * Decodes the header bytes `buf[start, end)`; undefined when they are not a header (bad
 * protobuf, or no message_length, which Heka requires). An unsigned header (only
 * message_length) is read directly; anything else goes through the generated decoder.
 */
export function decodeFrameHeader(buf: Uint8Array, start: number, end: number): FrameHeader | undefined {
  if (buf[start] === MESSAGE_LENGTH_TAG) {
    let length = 0;
    let pos = start + 1;
    for (let shift = 0; shift < 35 && pos < end; shift += 7) {
      const b = buf[pos++]!;
      length += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) {
        if (pos !== end || length > 0xffffffff) break;
        return { message_length: length, hmac_hash_function: HmacHashFunction.MD5, hmac_signer: '', hmac_key_version: 0, hmac: undefined };
      }
    }
  }
  let decoded: heka.Header;
  try {
    decoded = heka.Header.decode(protobuf.Reader.create(buf.subarray(start, end)));
  } catch {
    return undefined;
  }
  if (!Object.hasOwn(decoded, 'message_length')) return undefined;
  return {
    message_length: decoded.message_length,
    hmac_hash_function: decoded.hmac_hash_function,
    hmac_signer: decoded.hmac_signer,
    hmac_key_version: decoded.hmac_key_version,
    hmac: Object.hasOwn(decoded, 'hmac') ? decoded.hmac : undefined,
  };
}

function encodeSignedHeader(messageBytes: Uint8Array, signer: Signer): Uint8Array {
  const sha1 = signer.hmacHash === 'sha1';
  const header: heka.Header.$Properties = { message_length: messageBytes.length };
  // Heka writes the hash function only when it is not the default (MD5).
  if (sha1) header.hmac_hash_function = heka.Header.HmacHashFunction.SHA1;
  header.hmac_signer = signer.name;
  header.hmac_key_version = signer.version;
  header.hmac = hmacDigest(sha1 ? 'sha1' : 'md5', signer.key, messageBytes);
  return heka.Header.encode(header).finish();
}

/** Bytes before a message of `length` bytes in an unsigned record (separator, header, unit separator). */
export function unsignedFrameSize(length: number): number {
  return HEADER_FRAMING_SIZE + 1 + varint32Size(length);
}

/**
 * Writes the unsigned framing of a message of `length` bytes at out[at, at + unsignedFrameSize(length)),
 * where frameMessage(message) without a signer writes it.
 */
export function writeUnsignedFrame(out: Uint8Array, at: number, length: number): void {
  out[at] = RECORD_SEPARATOR;
  out[at + 1] = 1 + varint32Size(length);
  out[at + 2] = MESSAGE_LENGTH_TAG;
  const end = writeVarint32(out, at + 3, length);
  out[end] = UNIT_SEPARATOR;
}

/** True when source[at, at + unsignedFrameSize(length)) holds what writeUnsignedFrame writes there. */
export function isUnsignedFrame(source: Uint8Array, at: number, length: number): boolean {
  const size = 1 + varint32Size(length);
  if (at < 0 || source[at] !== RECORD_SEPARATOR || source[at + 1] !== size || source[at + 2] !== MESSAGE_LENGTH_TAG) return false;
  let p = at + 3;
  let v = length;
  while (v >= 0x80) {
    if (source[p++] !== ((v & 0x7f) | 0x80)) return false;
    v >>>= 7;
  }
  return source[p] === v && source[p + 1] === UNIT_SEPARATOR;
}

/**
 * Frames encoded message bytes as one stream record, signed with HMAC when a signer is given
 * (spec §1.4: SHA-1 only for hmacHash "sha1", MD5 for anything else).
 */
export function frameMessage(messageBytes: Uint8Array, signer?: Signer, maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE): Uint8Array {
  const length = messageBytes.length;
  if (length > maxMessageSize) throw new FramingError(`Message too big, requires ${length} (MAX_MESSAGE_SIZE = ${maxMessageSize})`);
  const signed = signer === undefined ? undefined : encodeSignedHeader(messageBytes, signer);
  // The unsigned header is just message_length: written here, it costs no allocation.
  const headerSize = signed === undefined ? 1 + varint32Size(length) : signed.length;
  if (headerSize > MAX_HEADER_SIZE) throw new FramingError(`Message header too big, requires ${headerSize} (MAX_HEADER_SIZE = ${MAX_HEADER_SIZE})`);
  const out = Buffer.allocUnsafe(HEADER_FRAMING_SIZE + headerSize + length);
  if (signed === undefined) writeUnsignedFrame(out, 0, length);
  else {
    out[0] = RECORD_SEPARATOR;
    out[1] = headerSize;
    out.set(signed, 2);
    out[2 + headerSize] = UNIT_SEPARATOR;
  }
  out.set(messageBytes, HEADER_FRAMING_SIZE + headerSize);
  return out;
}
