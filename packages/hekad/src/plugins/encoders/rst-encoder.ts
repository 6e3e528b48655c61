import { definePlugin, type Field, type FieldValue, formatGoLayout, GO_TIME_STRING_LAYOUT, goFloat, goQuote, ValueType } from '@heka/core';
import type { Encoder } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';

const TYPE_NAMES = ['string', 'bytes', 'integer', 'double', 'bool'] as const;

function valueText(type: ValueType, value: FieldValue): string {
  switch (type) {
    case ValueType.STRING: return goQuote(typeof value === 'string' ? value : Buffer.from(value as Uint8Array).toString('utf8'));
    case ValueType.BYTES: return Buffer.from(value as Uint8Array).toString('base64');
    case ValueType.DOUBLE: return goFloat(value as number);
    default: return String(value);
  }
}

function fieldLine(field: Field): string {
  const values = field.values.map((v) => valueText(field.valueType, v));
  const value = values.length === 1 ? values[0]! : `[${values.join(',')}]`;
  const rep = field.representation === '' ? '' : ` representation:${goQuote(field.representation)}`;
  return `    | name:${goQuote(field.name)} type:${TYPE_NAMES[field.valueType]} value:${value}${rep}\n`;
}

/** A reStructuredText field list of every header and field, for reading messages while debugging. */
export class RstEncoderInstance implements Encoder {
  encode(pack: Pack): Uint8Array {
    const m = pack.message;
    let out = '\n' +
      `:Timestamp: ${formatGoLayout(m.timestamp, GO_TIME_STRING_LAYOUT, 'UTC')}\n` +
      `:Type: ${m.type}\n` +
      `:Hostname: ${m.hostname}\n` +
      `:Pid: ${m.pid}\n` +
      `:Uuid: ${m.uuidString}\n` +
      `:Logger: ${m.logger}\n` +
      `:Payload: ${m.payload}\n` +
      `:EnvVersion: ${m.envVersion}\n` +
      `:Severity: ${m.severity}\n`;
    const fields = m.fields;
    if (fields.length > 0) out += ':Fields:\n' + fields.map(fieldLine).join('');
    return Buffer.from(out + '\n');
  }
}

export const RstEncoder = definePlugin({
  type: 'RstEncoder',
  family: 'encoder',
  summary: 'Writes every header and field of a message as a reStructuredText field list, for debugging.',
  example: `
[RstEncoder]

[LogOutput]
message_matcher = "TRUE"
encoder = "RstEncoder"
`,
  config: {},
  create: () => new RstEncoderInstance(),
});
