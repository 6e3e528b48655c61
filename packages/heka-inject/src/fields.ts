// -field name=value (repeatable): a STRING field, or a typed one with name:int=, name:double=,
// name:bool=. Values are checked here so a typo is a usage error, not a strange message.
import { Field, HekaError, ValueType } from '@heka/core';

const TYPES = { string: ValueType.STRING, int: ValueType.INTEGER, double: ValueType.DOUBLE, bool: ValueType.BOOL } as const;
const GO_BOOLS: Readonly<Record<string, boolean>> = { '1': true, t: true, T: true, true: true, TRUE: true, True: true, '0': false, f: false, F: false, false: false, FALSE: false, False: false };
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function bad(spec: string, problem: string, hint: string): never {
  throw new HekaError('HEKA_INJECT_FIELD', `-field ${JSON.stringify(spec)}: ${problem}`, { hint, exitCode: 2 });
}

export function parseField(spec: string): Field {
  const eq = spec.indexOf('=');
  if (eq < 0) bad(spec, 'missing "="', 'write -field name=value, or name:int=…, name:double=…, name:bool=… for a typed value');
  const left = spec.slice(0, eq);
  const raw = spec.slice(eq + 1);
  const colon = left.lastIndexOf(':');
  const name = colon < 0 ? left : left.slice(0, colon);
  const typeName = colon < 0 ? 'string' : left.slice(colon + 1);
  if (name === '') bad(spec, 'the field name is empty', 'write -field name=value');
  if (!Object.hasOwn(TYPES, typeName)) bad(spec, `unknown type "${typeName}"`, 'the types are string (the default), int, double and bool, e.g. -field count:int=3');
  switch (typeName) {
    case 'int': {
      if (!/^[+-]?\d+$/.test(raw)) bad(spec, `"${raw}" is not an integer`, `write a whole number, e.g. -field ${name}:int=42`);
      const v = BigInt(raw);
      if (v < INT64_MIN || v > INT64_MAX) bad(spec, `${raw} does not fit in 64 bits`, 'use a value between -9223372036854775808 and 9223372036854775807');
      return new Field({ name, valueType: ValueType.INTEGER, values: [v] });
    }
    case 'double': {
      const v = Number(raw);
      if (raw.trim() === '' || Number.isNaN(v)) bad(spec, `"${raw}" is not a number`, `write e.g. -field ${name}:double=0.25`);
      return new Field({ name, valueType: ValueType.DOUBLE, values: [v] });
    }
    case 'bool': {
      const v = GO_BOOLS[raw];
      if (v === undefined) bad(spec, `"${raw}" is not a boolean`, `write -field ${name}:bool=true or =false`);
      return new Field({ name, valueType: ValueType.BOOL, values: [v] });
    }
    default:
      return new Field({ name, valueType: ValueType.STRING, values: [raw] });
  }
}
