// Encoding the Message model into Heka's protobuf bytes, laid out exactly as Heka's Go encoder
// lays them out. A cheap first pass bounds the size (lengths only, no bytes looked at), so the
// writing pass needs no capacity checks. Small messages are written straight into a 64 KiB
// block shared by successive messages and returned as views of it (as Node pools small
// Buffers); big ones go through a scratch buffer and are copied out. Each length prefix is
// reserved as one byte and patched afterwards, moving the value in the rare case it needs more.
// Write helpers take and return the position.
import { ValueType, VALUE_TYPE_NAMES, type Field, type FieldValue } from './field.js';
import { WireHeaders, type Message } from './message.js';
import type { Text } from './utf8.js';
import { lengthDelimitedEnd, splitInt64, varint32Size, writeVarint32, writeVarint64 } from './wire.js';

// Tags (field number << 3 | wire type) of message.proto.
const TAG = {
  uuid: 0x0a, timestamp: 0x10, type: 0x1a, logger: 0x22, severity: 0x28, payload: 0x32,
  envVersion: 0x3a, pid: 0x40, hostname: 0x4a, fields: 0x52,
  name: 0x0a, valueType: 0x10, representation: 0x1a, valueString: 0x22, valueBytes: 0x2a,
  valueInteger: 0x32, valueDouble: 0x3a, valueBool: 0x42,
} as const;

// Worst case per item: tag, 5-byte length, and 3 UTF-8 bytes per UTF-16 unit of a string.
const ITEM = 6;
const textBound = (t: Text): number => ITEM + (typeof t === 'string' ? 3 * t.length : t.length);

function fieldBound(f: Field): number {
  let n = 2 * ITEM + textBound(f._name) + textBound(f._representation);
  const values = f.values;
  const count = values.length;
  if (f.valueType !== ValueType.STRING && f.valueType !== ValueType.BYTES) return n + ITEM + 10 * count;
  for (let i = 0; i < count; i++) {
    const v = values[i];
    // A value of a wrong type counts 0: writing it throws before anything is written.
    n += ITEM + (typeof v === 'string' ? 3 * v.length : v instanceof Uint8Array ? v.length : 0);
  }
  return n;
}

/** Bound of a header text, read where it lies if the message still holds it as wire bytes. */
function headerBound(wire: Uint8Array, at: number, text: Text | undefined): number {
  if (at >= 0) return 1 + lengthDelimitedEnd(wire, at) - at;
  return text === undefined ? 0 : textBound(text);
}

// What a built (not decoded) message reads as: no field lies in wire bytes.
const BUILT = new WireHeaders(new Uint8Array(0));

/** An upper bound of the encoded size. */
function sizeBound(msg: Message): number {
  const lazy = msg._wire ?? BUILT;
  const wire = lazy.wire;
  let n = 3 * ITEM + headerBound(wire, lazy.uuidAt, lazy.uuidAt >= 0 ? undefined : msg.uuid);
  n += headerBound(wire, lazy.typeAt, lazy.typeAt >= 0 ? undefined : msg._type);
  n += headerBound(wire, lazy.loggerAt, lazy.loggerAt >= 0 ? undefined : msg._logger);
  n += headerBound(wire, lazy.payloadAt, lazy.payloadAt >= 0 ? undefined : msg._payload);
  n += headerBound(wire, lazy.envVersionAt, lazy.envVersionAt >= 0 ? undefined : msg._envVersion);
  n += headerBound(wire, lazy.hostnameAt, lazy.hostnameAt >= 0 ? undefined : msg._hostname);
  n += 2 * ITEM;
  const fields = msg._fields;
  if (fields === undefined) n += lazy.fieldsEnd - lazy.fieldsAt;
  else for (let i = 0; i < fields.length; i++) n += ITEM + fieldBound(fields[i]!);
  if (msg._unknown !== undefined) for (const b of msg._unknown) n += b.length;
  return n;
}

// Encoding is synchronous, so module-level buffers are safe. Messages that may need more than
// SLAB_MESSAGE bytes go through `scratch`; smaller ones are written into `slab` at `slabUsed`.
const SLAB_SIZE = 64 * 1024;
const SLAB_MESSAGE = 4 * 1024;
let slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
let slabUsed = 0;
let scratch = Buffer.allocUnsafeSlow(SLAB_MESSAGE);

const int64Halves = new Uint32Array(2);

function writeInt64(buf: Buffer, p: number, v: bigint): number {
  splitInt64(v, int64Halves, 0);
  const hi = int64Halves[1]!;
  return hi === 0 ? writeVarint32(buf, p, int64Halves[0]!) : writeVarint64(buf, p, int64Halves[0]!, hi);
}

/** Closes a length prefix reserved as one byte at `at`, with the value ending at `end`; returns the new end. */
function patchLength(buf: Buffer, at: number, end: number): number {
  const length = end - at - 1;
  if (length < 0x80) {
    buf[at] = length;
    return end;
  }
  const extra = varint32Size(length) - 1;
  buf.copy(buf, at + 1 + extra, at + 1, end);
  writeVarint32(buf, at, length);
  return end + extra;
}

// A string of fewer UTF-16 units than this has fewer than 128 UTF-8 bytes: a 1-byte prefix.
const ONE_BYTE_PREFIX_UNITS = 43;

function writeBytes(buf: Buffer, p: number, tag: number, b: Uint8Array): number {
  const n = b.length;
  buf[p++] = tag;
  p = writeVarint32(buf, p, n);
  if (n > 24) buf.set(b, p);
  else for (let i = 0; i < n; i++) buf[p + i] = b[i]!;
  return p + n;
}

function writeText(buf: Buffer, p: number, tag: number, t: Text): number {
  if (typeof t !== 'string') return writeBytes(buf, p, tag, t);
  const n = t.length;
  buf[p++] = tag;
  if (n < ONE_BYTE_PREFIX_UNITS) {
    const at = p++;
    for (let i = 0; i < n; i++) {
      const c = t.charCodeAt(i);
      if (c > 0x7f) {
        const length = buf.write(t, at + 1, 'utf8');
        buf[at] = length;
        return at + 1 + length;
      }
      buf[p++] = c;
    }
    buf[at] = n;
    return p;
  }
  const length = Buffer.byteLength(t, 'utf8');
  p = writeVarint32(buf, p, length);
  return p + buf.write(t, p, length, length === n ? 'latin1' : 'utf8');
}

function wrongValue(field: Field, i: number, value: FieldValue | undefined): never {
  const expected = ['a string or Uint8Array', 'a Uint8Array', 'a bigint', 'a number', 'a boolean'][field.valueType];
  throw new TypeError(`Field "${field.name}" (${VALUE_TYPE_NAMES[field.valueType]}): value ${i} is ${value instanceof Uint8Array ? 'a Uint8Array' : typeof value}, expected ${expected}`);
}

const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

function writeValues(buf: Buffer, p: number, field: Field): number {
  const vs = field.values;
  const count = vs.length;
  if (count === 0) return p;
  switch (field.valueType) {
    case ValueType.STRING:
      for (let i = 0; i < count; i++) {
        const v = vs[i];
        if (typeof v !== 'string' && !(v instanceof Uint8Array)) wrongValue(field, i, v);
        p = writeText(buf, p, TAG.valueString, v);
      }
      return p;
    case ValueType.BYTES:
      for (let i = 0; i < count; i++) {
        const v = vs[i];
        if (!(v instanceof Uint8Array)) wrongValue(field, i, v);
        p = writeBytes(buf, p, TAG.valueBytes, v);
      }
      return p;
    case ValueType.INTEGER: {
      buf[p++] = TAG.valueInteger;
      const at = p++;
      for (let i = 0; i < count; i++) {
        const v = vs[i];
        if (typeof v !== 'bigint') wrongValue(field, i, v);
        p = writeInt64(buf, p, v);
      }
      return patchLength(buf, at, p);
    }
    case ValueType.DOUBLE:
      buf[p++] = TAG.valueDouble;
      p = writeVarint32(buf, p, 8 * count);
      for (let i = 0; i < count; i++) {
        const v = vs[i];
        if (typeof v !== 'number') wrongValue(field, i, v);
        f64[0] = v;
        for (let b = 0; b < 8; b++) buf[p++] = f64Bytes[b]!;
      }
      return p;
    case ValueType.BOOL:
      buf[p++] = TAG.valueBool;
      p = writeVarint32(buf, p, count);
      for (let i = 0; i < count; i++) {
        const v = vs[i];
        if (typeof v !== 'boolean') wrongValue(field, i, v);
        buf[p++] = v ? 1 : 0;
      }
      return p;
    default:
      throw new TypeError(`Field "${field.name}": unknown value type ${String(field.valueType)}`);
  }
}

function writeField(buf: Buffer, p: number, f: Field): number {
  buf[p++] = TAG.fields;
  const at = p++;
  p = writeText(buf, p, TAG.name, f._name);
  if (f._valueTypeSet) {
    buf[p++] = TAG.valueType;
    buf[p++] = f.valueType;
  }
  if (f._representationSet) p = writeText(buf, p, TAG.representation, f._representation);
  p = writeValues(buf, p, f);
  return patchLength(buf, at, p);
}

function writeRaw(buf: Buffer, p: number, b: Uint8Array): number {
  buf.set(b, p);
  return p + b.length;
}

/** Copies src[start, end) as it is. */
function writeRange(buf: Buffer, p: number, src: Uint8Array, start: number, end: number): number {
  if (end - start > 64) {
    buf.set(src.subarray(start, end), p);
    return p + end - start;
  }
  for (let i = start; i < end; i++) buf[p++] = src[i]!;
  return p;
}

/**
 * A header text: copied with its length prefix from the wire while the message still holds
 * it there (no view or string made), else written from the model.
 */
function writeHeaderText(buf: Buffer, p: number, tag: number, wire: Uint8Array, at: number, text: Text | undefined): number {
  if (at >= 0) {
    buf[p++] = tag;
    return writeRange(buf, p, wire, at, lengthDelimitedEnd(wire, at));
  }
  return text === undefined ? p : writeText(buf, p, tag, text);
}

function writeMessage(buf: Buffer, p: number, msg: Message): number {
  const lazy = msg._wire ?? BUILT;
  const wire = lazy.wire;
  p = writeHeaderText(buf, p, TAG.uuid, wire, lazy.uuidAt, lazy.uuidAt >= 0 ? undefined : msg.uuid);
  buf[p++] = TAG.timestamp;
  p = writeInt64(buf, p, msg.timestamp);
  p = writeHeaderText(buf, p, TAG.type, wire, lazy.typeAt, lazy.typeAt >= 0 ? undefined : msg._type);
  p = writeHeaderText(buf, p, TAG.logger, wire, lazy.loggerAt, lazy.loggerAt >= 0 ? undefined : msg._logger);
  if (msg._severity !== undefined) {
    buf[p++] = TAG.severity;
    p = writeVarint32(buf, p, msg._severity >>> 0);
  }
  p = writeHeaderText(buf, p, TAG.payload, wire, lazy.payloadAt, lazy.payloadAt >= 0 ? undefined : msg._payload);
  p = writeHeaderText(buf, p, TAG.envVersion, wire, lazy.envVersionAt, lazy.envVersionAt >= 0 ? undefined : msg._envVersion);
  if (msg._pid !== undefined) {
    buf[p++] = TAG.pid;
    p = writeVarint32(buf, p, msg._pid >>> 0);
  }
  p = writeHeaderText(buf, p, TAG.hostname, wire, lazy.hostnameAt, lazy.hostnameAt >= 0 ? undefined : msg._hostname);
  const fields = msg._fields;
  if (fields === undefined) p = writeRange(buf, p, wire, lazy.fieldsAt, lazy.fieldsEnd);
  else for (let i = 0; i < fields.length; i++) p = writeField(buf, p, fields[i]!);
  if (msg._unknown !== undefined) for (const b of msg._unknown) p = writeRaw(buf, p, b);
  return p;
}

/**
 * Encodes a message as Heka's Go encoder does: header fields in field-number order, only those
 * that are set (uuid and timestamp always), negative severity/pid as 5-byte varints, each Field
 * with name, value_type and representation (unless decoded without them) and packed numbers.
 * Texts held as bytes are written unchanged. Fields of a decoded message that were never read
 * are copied as they came, as are unknown fields (last).
 *
 * The result of a small message is a view of a shared 64 KiB block (never written again), so a
 * message kept for long keeps that block alive; copy it (`slice()`) if that matters.
 */
export function encodeMessage(msg: Message): Uint8Array {
  const bound = sizeBound(msg);
  if (bound > SLAB_MESSAGE) {
    if (bound > scratch.length) scratch = Buffer.allocUnsafeSlow(Math.max(bound, 2 * scratch.length));
    const end = writeMessage(scratch, 0, msg);
    const result = Buffer.allocUnsafe(end);
    scratch.copy(result, 0, 0, end);
    return result;
  }
  if (slabUsed + bound > SLAB_SIZE) {
    slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
    slabUsed = 0;
  }
  const start = slabUsed;
  const end = writeMessage(slab, start, msg);
  slabUsed = end;
  // A plain view: a Buffer view would be built by a JS constructor, at several times the cost.
  return new Uint8Array(slab.buffer, slab.byteOffset + start, end - start);
}
