// The protobuf "compact text" form that Go's fmt prints for a Heka Field (heka-cat's txt format):
// name:"foo" value_type:STRING representation:"" value_string:"bar"
import { VALUE_TYPE_NAMES, ValueType, goFloat, utf8Encode, type Field, type Text } from '@heka/core';

function escapeByte(b: number): string {
  if (b === 0x0a) return '\\n';
  if (b === 0x0d) return '\\r';
  if (b === 0x09) return '\\t';
  if (b === 0x22) return '\\"';
  if (b === 0x5c) return '\\\\';
  if (b >= 0x20 && b < 0x7f) return String.fromCharCode(b);
  return '\\' + b.toString(8).padStart(3, '0');
}

/** Go's protobuf text escaping: \n \r \t \" \\ and printable ASCII as is, other bytes as 3-digit octal. */
export function quoteProtoText(text: Text): string {
  let out = '"';
  if (typeof text !== 'string') {
    for (const b of text) out += escapeByte(b);
    return out + '"';
  }
  // Strings are escaped by their UTF-8 bytes; only non-ASCII characters need encoding.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      out += c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c ? text[i] : escapeByte(c);
      continue;
    }
    const wide = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    for (const b of utf8Encode(wide ? text.slice(i, i + 2) : text[i]!)) out += escapeByte(b);
    if (wide) i++;
  }
  return out + '"';
}

/** A double as the protobuf text format prints it: Go's %v, with its own spelling of inf and nan. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return goFloat(v);
}

function formatValue(field: Field, v: unknown): string {
  switch (field.valueType) {
    case ValueType.STRING:
    case ValueType.BYTES: return quoteProtoText(v as Text);
    case ValueType.DOUBLE: return formatGoFloat(v as number);
    default: return String(v);
  }
}

const VALUE_KEYS = ['value_string', 'value_bytes', 'value_integer', 'value_double', 'value_bool'] as const;

export function fieldToCompactText(field: Field): string {
  // Like Go's text format, value_type and representation appear only when the field carried them.
  const parts = [`name:${quoteProtoText(field._name)}`];
  if (field._valueTypeSet) parts.push(`value_type:${VALUE_TYPE_NAMES[field.valueType]}`);
  if (field._representationSet) parts.push(`representation:${quoteProtoText(field._representation)}`);
  const key = VALUE_KEYS[field.valueType];
  for (const v of field.values) parts.push(`${key}:${formatValue(field, v)}`);
  return parts.join(' ');
}
