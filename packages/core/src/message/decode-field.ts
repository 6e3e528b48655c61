// Decoding of Heka's Field (message.proto): checking an encoded field when its message is
// decoded, and turning the `fields` wire bytes into Field objects when they are first read.
import { Field, ValueType, type FieldValue } from './field.js';
import { textFromRange } from './utf8.js';
import { MessageDecodeError, WireReader, WireType, int64ToBigInt } from './wire.js';

const FIELD_WHAT = ['field', 'field name', 'field value_type', 'field representation', 'field value_string',
  'field value_bytes', 'field value_integer', 'field value_double', 'field value_bool'] as const;
const EXPECTED_WIRE_TYPE = [-1, WireType.LEN, WireType.VARINT, WireType.LEN, WireType.LEN, WireType.LEN,
  WireType.VARINT, WireType.I64, WireType.VARINT] as const;
const MESSAGE_FIELDS_TAG = (10 << 3) | WireType.LEN;
const MAX_VALUE_TYPE = ValueType.BOOL;

const checker = new WireReader();

function wrongWireType(no: number, wireType: number, at: number): never {
  throw new MessageDecodeError(`${FIELD_WHAT[no]} at byte ${at}: wire type ${wireType}, expected ${EXPECTED_WIRE_TYPE[no]}`, at);
}

/** Walks packed varints up to `end`; they must end exactly there. */
function checkPackedVarints(r: WireReader, end: number, what: string): void {
  const outer = r.end;
  r.end = end;
  while (r.pos < end) r.varint64(what);
  r.end = outer;
}

/** Checks one entry (tag and value) of a Field starting at `r.pos`, leaving `r.pos` after it. */
function checkEntry(r: WireReader): void {
  const at = r.pos;
  const tag = r.varint32('field tag');
  const no = tag >>> 3;
  const wireType = tag & 7;
  if (no === 0 || no > 8) {
    r.skip(wireType, 'unknown field');
    return;
  }
  const what = FIELD_WHAT[no]!;
  if (wireType === WireType.LEN) {
    const valueEnd = r.lengthEnd(what);
    if (no === 6 || no === 8) checkPackedVarints(r, valueEnd, what);
    else if (no === 7 && (valueEnd - r.pos) % 8 !== 0) {
      throw new MessageDecodeError(`${what} at byte ${at}: packed doubles of ${valueEnd - r.pos} bytes`, at);
    } else if (no === 2) wrongWireType(no, wireType, at);
    r.pos = valueEnd;
    return;
  }
  if (wireType !== EXPECTED_WIRE_TYPE[no]) wrongWireType(no, wireType, at);
  if (wireType === WireType.I64) r.fixed(8, what);
  else if (no === 2) {
    const valueType = r.varint32(what);
    if (valueType > MAX_VALUE_TYPE) throw new MessageDecodeError(`${what} at byte ${at}: unknown value type ${valueType}`, at);
  } else r.varint64(what);
}

const VALUE_TYPE_TAG = (2 << 3) | WireType.VARINT;
const UNPACKED_DOUBLE_TAG = (7 << 3) | WireType.I64;

/**
 * Checks that `buf[start, end)` is a well-formed Field, so that decoding it later cannot fail:
 * known numbers carry their wire type, value_type is a known ValueType, packed arrays are whole.
 * Texts with one-byte tags and lengths, a valid value_type and a single double (the usual
 * entries) are stepped over inline; everything else goes through the reader.
 */
export function checkField(buf: Uint8Array, start: number, end: number): void {
  let p = start;
  const r = checker;
  while (p < end) {
    const tag = buf[p]!;
    const next = p + 1 < end ? buf[p + 1]! : 0x80;
    if (next < 0x80) {
      if (tag === VALUE_TYPE_TAG && next <= MAX_VALUE_TYPE) {
        p += 2;
        continue;
      }
      // name, representation, value_string, value_bytes
      if ((tag === 0x0a || tag === 0x1a || tag === 0x22 || tag === 0x2a) && p + 2 + next <= end) {
        p += 2 + next;
        continue;
      }
    }
    if (tag === UNPACKED_DOUBLE_TAG && p + 9 <= end) { // one value_double, as Lua sandboxes write numbers
      p += 9;
      continue;
    }
    r.reset(buf, p, end);
    checkEntry(r);
    p = r.pos;
  }
  r.release();
}

const reader = new WireReader();
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);

function readDouble(buf: Uint8Array, pos: number): number {
  for (let i = 0; i < 8; i++) f64Bytes[i] = buf[pos + i]!;
  return f64[0]!;
}

/** Reads one value of field number `no` (4..8) at the reader's position, appending to `values`. */
function readValues(r: WireReader, no: number, wireType: number, values: FieldValue[]): void {
  const buf = r.buf;
  if (no === 4 || no === 5) {
    const end = r.lengthEnd('');
    values.push(no === 4 ? textFromRange(buf, r.pos, end) : buf.subarray(r.pos, end));
    r.pos = end;
    return;
  }
  // Packed (LEN) or one unpacked value; both may occur, even mixed.
  if (wireType !== WireType.LEN) {
    readNumber(r, no, values);
    return;
  }
  const end = r.lengthEnd('');
  const outer = r.end;
  r.end = end;
  while (r.pos < end) readNumber(r, no, values);
  r.end = outer;
}

function readNumber(r: WireReader, no: number, values: FieldValue[]): void {
  if (no === 7) {
    values.push(readDouble(r.buf, r.pos));
    r.pos += 8;
  } else {
    r.varint64('');
    values.push(no === 6 ? int64ToBigInt(r.lo, r.hi) : r.lo !== 0 || r.hi !== 0);
  }
}

// Wire field number of the values array for each value type.
const VALUES_NUMBER = [4, 5, 6, 7, 8] as const;

/** Decodes one Field from `buf[start, end)`, which checkField() has accepted. */
function decodeField(r: WireReader, start: number, end: number): Field {
  const buf = r.buf;
  r.pos = start;
  r.end = end;
  let name: string | Uint8Array = '';
  let representation: string | Uint8Array = '';
  let valueType = 0;
  let valueTypeSet = false;
  let representationSet = false;
  // Values are collected per wire number; only the array matching value_type is kept, and
  // value_type may come after them.
  let valuesNumber = 0;
  let values: FieldValue[] = [];
  let others: FieldValue[][] | undefined;
  while (r.pos < end) {
    const tag = r.varint32('');
    const no = tag >>> 3;
    const wireType = tag & 7;
    if (no === 1 || no === 3) {
      const valueEnd = r.lengthEnd('');
      const text = textFromRange(buf, r.pos, valueEnd);
      if (no === 1) name = text;
      else {
        representation = text;
        representationSet = true;
      }
      r.pos = valueEnd;
    } else if (no === 2) {
      valueType = r.varint32('');
      valueTypeSet = true;
    } else if (no >= 4 && no <= 8) {
      if (valuesNumber === 0 || valuesNumber === no) {
        valuesNumber = no;
        readValues(r, no, wireType, values);
      } else {
        others ??= [];
        readValues(r, no, wireType, (others[no] ??= []));
      }
    } else r.skip(wireType, '');
  }
  r.end = end;
  const wanted = VALUES_NUMBER[valueType]!;
  if (valuesNumber !== wanted) {
    if (valuesNumber !== 0) {
      others ??= [];
      others[valuesNumber] = values;
    }
    values = others?.[wanted] ?? [];
  }
  // Built without the constructor's checks: the values are of the right type by construction.
  const field = Object.create(Field.prototype) as Field;
  field._valueTypeSet = valueTypeSet;
  field._representationSet = representationSet;
  field._name = name;
  field.valueType = valueType as ValueType;
  field._representation = representation;
  field.values = values;
  return field;
}

/**
 * Decodes the `fields` entries of a message (each: tag 10, length, Field) kept as wire bytes in
 * `buf[start, end)`. They were checked when the message was decoded, so this does not fail.
 */
export function decodeFieldList(buf: Uint8Array, start: number, end: number): Field[] {
  const fields: Field[] = [];
  const r = reader.reset(buf, start, end);
  while (r.pos < end) {
    r.end = end;
    if (r.varint32('') !== MESSAGE_FIELDS_TAG) throw new MessageDecodeError('not a fields entry', r.pos);
    const fieldEnd = r.lengthEnd('');
    fields.push(decodeField(r, r.pos, fieldEnd));
    r.pos = fieldEnd;
  }
  r.release();
  return fields;
}
