// The protobuf "compact text" form that Go's fmt prints for a Heka Field (heka-cat's txt format):
// name:"foo" value_type:STRING representation:"" value_string:"bar"
import { VALUE_TYPE_NAMES, ValueType, textToBytes, utf8Encode, type Field } from '@heka/core';

/** Go's protobuf text escaping: \n \r \t \" \\ and printable ASCII as is, other bytes as 3-digit octal. */
export function quoteProtoText(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x0a) out += '\\n';
    else if (b === 0x0d) out += '\\r';
    else if (b === 0x09) out += '\\t';
    else if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out + '"';
}

/**
 * A double as Go's fmt %v prints it (the protobuf text format uses it): shortest digits, exponent
 * form when the exponent is < -4 or >= 6, with at least two exponent digits; inf/nan spelled as
 * the text format spells them.
 */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa, exponent] = v.toExponential().split('e') as [string, string];
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) {
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${exp < 0 ? '-' : '+'}${digits}`;
  }
  return v.toString();
}

function formatValue(field: Field, v: unknown): string {
  switch (field.valueType) {
    case ValueType.STRING: return quoteProtoText(typeof v === 'string' ? utf8Encode(v) : textToBytes(v as Uint8Array));
    case ValueType.BYTES: return quoteProtoText(v as Uint8Array);
    case ValueType.DOUBLE: return formatGoFloat(v as number);
    default: return String(v);
  }
}

const VALUE_KEYS = ['value_string', 'value_bytes', 'value_integer', 'value_double', 'value_bool'] as const;

export function fieldToCompactText(field: Field): string {
  const parts = [
    `name:${quoteProtoText(textToBytes(field._name))}`,
    `value_type:${VALUE_TYPE_NAMES[field.valueType]}`,
    `representation:${quoteProtoText(textToBytes(field._representation))}`,
  ];
  const key = VALUE_KEYS[field.valueType];
  for (const v of field.values) parts.push(`${key}:${formatValue(field, v)}`);
  return parts.join(' ');
}
