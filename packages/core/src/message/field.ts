import { textFromBytes, textToString, type Text } from './utf8.js';

/** Heka's Field.ValueType enum (protobuf values). */
export const ValueType = { STRING: 0, BYTES: 1, INTEGER: 2, DOUBLE: 3, BOOL: 4 } as const;
export type ValueType = (typeof ValueType)[keyof typeof ValueType];
export const VALUE_TYPE_NAMES = ['STRING', 'BYTES', 'INTEGER', 'DOUBLE', 'BOOL'] as const;

/**
 * One value of a field, by value type: STRING → Text (a string, or raw bytes when the wire
 * bytes were not valid UTF-8), BYTES → Uint8Array, INTEGER → bigint (lossless int64),
 * DOUBLE → number, BOOL → boolean.
 */
export type FieldValue = Text | bigint | number | boolean;

export interface FieldInit {
  name: string | Uint8Array;
  valueType?: ValueType;
  representation?: string | Uint8Array;
  values?: FieldValue[];
}

function valueTypeOf(value: FieldValue): ValueType {
  switch (typeof value) {
    case 'string': return ValueType.STRING;
    case 'bigint': return ValueType.INTEGER;
    case 'number': return ValueType.DOUBLE;
    case 'boolean': return ValueType.BOOL;
    default: return ValueType.BYTES;
  }
}

function fitsType(value: FieldValue, type: ValueType): boolean {
  if (type === ValueType.STRING) return typeof value === 'string' || value instanceof Uint8Array;
  return valueTypeOf(value) === type;
}

/** A dynamic message field: a name, a value type, a representation and an ordered value array. */
export class Field {
  /** Name as stored: a string, or raw bytes if they were not valid UTF-8. */
  _name: Text;
  valueType: ValueType;
  _representation: Text;
  /** Values, all of `valueType` (see FieldValue). */
  values: FieldValue[];
  /**
   * Whether the encoder writes value_type / representation. Heka's Go constructor always sets
   * both (even STRING and ""), Lua-built fields may leave them out; a decoded field remembers
   * which it had so that it is written back byte for byte.
   */
  _valueTypeSet = true;
  _representationSet = true;

  constructor(init: FieldInit) {
    this._name = typeof init.name === 'string' ? init.name : textFromBytes(init.name);
    const rep = init.representation ?? '';
    this._representation = typeof rep === 'string' ? rep : textFromBytes(rep);
    this.values = init.values ?? [];
    this.valueType = init.valueType ?? (this.values.length > 0 ? valueTypeOf(this.values[0]!) : ValueType.STRING);
    for (const v of this.values) this.checkType(v);
  }

  /** A field with one value whose type follows from the JS type (bigint → INTEGER, number → DOUBLE). */
  static of(name: string, value: FieldValue, representation = ''): Field {
    return new Field({ name, representation, values: [value] });
  }

  get name(): string { return textToString(this._name); }
  set name(v: string) { this._name = v; }
  get representation(): string { return textToString(this._representation); }
  set representation(v: string) { this._representation = v; }

  get length(): number { return this.values.length; }

  /** Value `i` (default the first), or undefined when missing. */
  value(i = 0): FieldValue | undefined {
    return this.values[i];
  }

  /** Value `i` as text: STRING and BYTES decode as UTF-8 (invalid sequences show as U+FFFD), numbers and bools via String(). */
  text(i = 0): string | undefined {
    const v = this.values[i];
    if (v === undefined) return undefined;
    if (typeof v === 'string') return v;
    if (v instanceof Uint8Array) return textToString(v);
    return String(v);
  }

  /** Appends a value; it must be of the field's value type (Heka's rule). */
  add(value: FieldValue): void {
    this.checkType(value);
    this.values.push(value);
  }

  private checkType(value: FieldValue): void {
    if (!fitsType(value, this.valueType)) {
      throw new TypeError(`The field contains: ${VALUE_TYPE_NAMES[this.valueType]}; attempted to add ${VALUE_TYPE_NAMES[valueTypeOf(value)]}`);
    }
  }
}
