// heka-cat -format=json: the message as Go's json.Marshal writes Heka's protobuf struct. Keys in
// struct order; unset optional fields and empty arrays are omitted (omitempty).
import { ValueType, type Field, type Message } from '@heka/core';
import { goJsonBase64, goJsonNumber, goJsonString } from './go-json.js';

function fieldJson(field: Field): string | undefined {
  // value_type and representation are written when the field carried them (Heka's fields always do).
  const parts = [`"name":${goJsonString(field._name)}`];
  if (field._valueTypeSet) parts.push(`"value_type":${field.valueType}`);
  if (field._representationSet) parts.push(`"representation":${goJsonString(field._representation)}`);
  if (field.values.length > 0) {
    switch (field.valueType) {
      case ValueType.STRING:
        parts.push(`"value_string":[${field.values.map((v) => goJsonString(v as string | Uint8Array)).join(',')}]`);
        break;
      case ValueType.BYTES:
        parts.push(`"value_bytes":[${field.values.map((v) => goJsonBase64(v as Uint8Array)).join(',')}]`);
        break;
      case ValueType.INTEGER:
        parts.push(`"value_integer":[${field.values.join(',')}]`);
        break;
      case ValueType.DOUBLE: {
        const numbers = field.values.map((v) => goJsonNumber(v as number));
        if (numbers.includes(undefined)) return undefined;
        parts.push(`"value_double":[${numbers.join(',')}]`);
        break;
      }
      case ValueType.BOOL:
        parts.push(`"value_bool":[${field.values.join(',')}]`);
        break;
    }
  }
  return `{${parts.join(',')}}`;
}

/**
 * One JSON line per message. Returns undefined where Go's Marshal fails (a NaN or infinite
 * double), so the caller can report it instead of printing an empty line as Heka did.
 */
export function messageToJson(msg: Message): string | undefined {
  const parts: string[] = [];
  if (msg.uuid.length > 0) parts.push(`"uuid":${goJsonBase64(msg.uuid)}`);
  parts.push(`"timestamp":${msg.timestamp}`);
  if (msg._type !== undefined) parts.push(`"type":${goJsonString(msg._type)}`);
  if (msg._logger !== undefined) parts.push(`"logger":${goJsonString(msg._logger)}`);
  if (msg._severity !== undefined) parts.push(`"severity":${msg._severity}`);
  if (msg._payload !== undefined) parts.push(`"payload":${goJsonString(msg._payload)}`);
  if (msg._envVersion !== undefined) parts.push(`"env_version":${goJsonString(msg._envVersion)}`);
  if (msg._pid !== undefined) parts.push(`"pid":${msg._pid}`);
  if (msg._hostname !== undefined) parts.push(`"hostname":${goJsonString(msg._hostname)}`);
  if (msg.fields.length > 0) {
    const fields = msg.fields.map(fieldJson);
    if (fields.includes(undefined)) return undefined;
    parts.push(`"fields":[${fields.join(',')}]`);
  }
  return `{${parts.join(',')}}`;
}
