// Decoding a Heka message (message.proto) into the lazy Message model: one pass over the
// top-level fields that checks everything and copies nothing.
import { checkField, decodeFieldList } from './decode-field.js';
import { Message, WireHeaders } from './message.js';
import { MessageDecodeError, WireReader, WireType, int64ToBigInt } from './wire.js';

const HEADER_WHAT = ['', 'uuid', 'timestamp', 'type', 'logger', 'severity', 'payload', 'env_version', 'pid', 'hostname', 'fields'] as const;
const FIELDS = 10;
const MESSAGE_FIELDS_TAG = (FIELDS << 3) | WireType.LEN;
// 1 at the one-byte tags of the length-delimited headers (uuid, type, logger, payload,
// env_version, hostname) and of fields
const TEXT_OR_FIELDS_TAG = new Uint8Array(256);
for (const no of [1, 3, 4, 6, 7, 9, FIELDS]) TEXT_OR_FIELDS_TAG[(no << 3) | WireType.LEN] = 1;
const reader = new WireReader();

function wrongWireType(no: number, wireType: number, at: number): never {
  throw new MessageDecodeError(`${HEADER_WHAT[no]} at byte ${at}: wire type ${wireType}, expected ${no === 2 || no === 5 || no === 8 ? 0 : 2}`, at);
}

/** Copies the `fields` entries into one block when other fields sit between them (Heka never does that). */
function gatherFieldEntries(bytes: Uint8Array): Uint8Array {
  const r = new WireReader().reset(bytes, 0, bytes.length);
  const parts: Uint8Array[] = [];
  while (r.pos < bytes.length) {
    const at = r.pos;
    const tag = r.varint32('');
    r.skip(tag & 7, '');
    if (tag >>> 3 === FIELDS) parts.push(bytes.subarray(at, r.pos));
  }
  return Buffer.concat(parts);
}

/**
 * Decodes a protobuf Heka message. Everything is checked here (a truncated or corrupt buffer
 * throws a MessageDecodeError saying what and where), but nothing is copied or converted: the
 * message keeps `input` and where each field lies in it; a header field becomes a view or a
 * string when first read, the fields become Field objects when first used. So `input` must not
 * be modified while the message is in use: copy it first (`decodeMessage(input.slice())`) if
 * its memory is going to be reused.
 *
 * `into`: a message no one else holds, made what `new Message()` is and decoded into instead of
 * a new one (a pool's). It is changed even when decoding fails.
 *
 * Accepted: fields in any order (the last of a repeated header field wins), packed and unpacked
 * numbers, 5- and 10-byte negative int32, unknown fields (kept and written back last).
 */
export function decodeMessage(input: Uint8Array, into?: Message): Message {
  // Views of a Buffer are Buffers, built by a JS constructor; views of a plain Uint8Array cost
  // far less, and a decoded message makes several.
  const bytes = input.constructor === Uint8Array ? input : new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  const msg = into ?? new Message();
  into?.clear();
  const lazy = new WireHeaders(bytes);
  const r = reader.reset(bytes, 0, bytes.length);
  const end = bytes.length;
  let fieldsStart = -1;
  let fieldsEnd = -1;
  let fieldsSplit = false;
  try {
    while (r.pos < end) {
      const at = r.pos;
      const tag = r.varint32('tag');
      const no = tag >>> 3;
      const wireType = tag & 7;
      if (no === 0 || no > FIELDS) {
        r.skip(wireType, 'unknown field');
        (msg._unknown ??= []).push(bytes.subarray(at, r.pos));
        continue;
      }
      if (no === 2 || no === 5 || no === 8) {
        if (wireType !== WireType.VARINT) wrongWireType(no, wireType, at);
        if (no === 2) {
          r.varint64('timestamp');
          msg.timestamp = int64ToBigInt(r.lo, r.hi);
        } else if (no === 5) msg._severity = r.varint32('severity') | 0;
        else msg._pid = r.varint32('pid') | 0;
        continue;
      }
      if (wireType !== WireType.LEN) wrongWireType(no, wireType, at);
      const lengthAt = r.pos;
      const valueEnd = r.lengthEnd(HEADER_WHAT[no]!);
      const start = r.pos;
      r.pos = valueEnd;
      switch (no) {
        case 1: lazy.uuidAt = lengthAt; break;
        case 3: lazy.typeAt = lengthAt; break;
        case 4: lazy.loggerAt = lengthAt; break;
        case 6: lazy.payloadAt = lengthAt; break;
        case 7: lazy.envVersionAt = lengthAt; break;
        case 9: lazy.hostnameAt = lengthAt; break;
        default:
          checkField(bytes, start, valueEnd);
          if (fieldsStart < 0) fieldsStart = at;
          else if (at !== fieldsEnd) fieldsSplit = true;
          fieldsEnd = valueEnd;
      }
    }
  } finally {
    r.release();
  }
  msg._wire = lazy;
  if (fieldsSplit) {
    const entries = gatherFieldEntries(bytes);
    msg._fields = decodeFieldList(entries, 0, entries.length);
  } else if (fieldsStart >= 0) {
    msg._fields = undefined;
    lazy.fieldsAt = fieldsStart;
    lazy.fieldsEnd = fieldsEnd;
  }
  return msg;
}

/**
 * Checks `input` as decodeMessage does (the same MessageDecodeError where it would throw) and
 * builds nothing: for bytes carried undecoded until someone reads the message (a decoder's
 * output that is only re-encoded as it is).
 */
export function checkMessage(input: Uint8Array): void {
  const end = input.length;
  const r = reader.reset(input, 0, end);
  try {
    while (r.pos < end) {
      const at = r.pos;
      // the usual entry, a text header or a field under 128 bytes, is stepped over inline
      const first = input[at]!;
      const size = at + 1 < end ? input[at + 1]! : 0x80;
      if (size < 0x80 && TEXT_OR_FIELDS_TAG[first] === 1 && at + 2 + size <= end) {
        if (first === MESSAGE_FIELDS_TAG) checkField(input, at + 2, at + 2 + size);
        r.pos = at + 2 + size;
        continue;
      }
      const tag = r.varint32('tag');
      const no = tag >>> 3;
      const wireType = tag & 7;
      if (no === 0 || no > FIELDS) r.skip(wireType, 'unknown field');
      else if (no === 2 || no === 5 || no === 8) {
        if (wireType !== WireType.VARINT) wrongWireType(no, wireType, at);
        if (no === 2) r.varint64('timestamp');
        else r.varint32(HEADER_WHAT[no]!);
      } else {
        if (wireType !== WireType.LEN) wrongWireType(no, wireType, at);
        const valueEnd = r.lengthEnd(HEADER_WHAT[no]!);
        if (no === FIELDS) checkField(input, r.pos, valueEnd);
        r.pos = valueEnd;
      }
    }
  } finally {
    r.release();
  }
}
