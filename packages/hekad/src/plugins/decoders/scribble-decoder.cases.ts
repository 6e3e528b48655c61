// ScribbleDecoder (plugins §5.4): message_fields sections and what they do to a payload message
// (uuid 07…07, timestamp 1e9, logger "input", payload "line").
import { ValueType } from '@heka/core';
import type { MessageView } from './decoder-harness.js';

export interface ScribbleCase {
  readonly name: string;
  /** Body of [s.message_fields]. */
  readonly fields: string;
  /** What changes in the message. */
  readonly expect: Partial<MessageView>;
}

const S = ValueType.STRING;

export const SCRIBBLE_CASES: readonly ScribbleCase[] = [
  { name: 'nothing to do', fields: '', expect: {} },
  { name: 'Type', fields: 'Type = "nginx.access"', expect: { type: 'nginx.access' } },
  { name: 'Logger, Hostname, Payload', fields: 'Logger = "lg"\nHostname = "web-1"\nPayload = "new"', expect: { logger: 'lg', hostname: 'web-1', payload: 'new' } },
  { name: 'Severity', fields: 'Severity = "3"', expect: { severity: 3 } },
  { name: 'negative Severity', fields: 'Severity = "-1"', expect: { severity: -1 } },
  { name: 'Pid keeps the integer part', fields: 'Pid = "4321.9"', expect: { pid: 4321 } },
  { name: 'Uuid as text', fields: 'Uuid = "0A0B0C0D-0E0F-1011-1213-141516171819"', expect: { uuid: '0a0b0c0d-0e0f-1011-1213-141516171819' } },
  { name: 'Uuid as 16 raw characters', fields: 'Uuid = "ABCDEFGHIJKLMNOP"', expect: { uuid: '41424344-4546-4748-494a-4b4c4d4e4f50' } },
  { name: 'a field is a STRING', fields: 'Env = "prod"', expect: { fields: [['Env', S, '', ['prod']]] } },
  { name: 'numbers stay text in a field', fields: 'count = "12"', expect: { fields: [['count', S, '', ['12']]] } },
  { name: 'name|representation', fields: '"took|ms" = "250"', expect: { fields: [['took', S, 'ms', ['250']]] } },
  { name: 'only the first | splits', fields: '"a|b|c" = "v"', expect: { fields: [['a', S, 'b|c', ['v']]] } },
  { name: 'Payload|json is a field, not the payload', fields: '"Payload|json" = "{}"', expect: { fields: [['Payload', S, 'json', ['{}']]] } },
  { name: 'Timestamp is just a field', fields: 'Timestamp = "2014-01-01"', expect: { fields: [['Timestamp', S, '', ['2014-01-01']]] } },
  { name: 'header names are case-sensitive', fields: 'type = "x"', expect: { fields: [['type', S, '', ['x']]] } },
  { name: 'no interpolation', fields: 'Note = "%Payload% 100%"', expect: { fields: [['Note', S, '', ['%Payload% 100%']]] } },
  { name: 'fields in the order written', fields: 'b = "1"\na = "2"\nType = "t"', expect: { type: 't', fields: [['b', S, '', ['1']], ['a', S, '', ['2']]] } },
];

/** message_fields Heka would refuse at every message: refused at load. */
export const SCRIBBLE_REFUSED: readonly { readonly fields: string; readonly error: string }[] = [
  { fields: 'Severity = "high"', error: '[s].message_fields: message_fields Severity: strconv.ParseInt: parsing "high": invalid syntax' },
  { fields: 'Pid = "x1"', error: '[s].message_fields: message_fields Pid: strconv.ParseInt: parsing "x1": invalid syntax' },
  { fields: 'Severity = "99999999999"', error: '[s].message_fields: message_fields Severity: strconv.ParseInt: parsing "99999999999": value out of range' },
  { fields: 'Uuid = "not-a-uuid"', error: '[s].message_fields: message_fields Uuid: Invalid UUID string.' },
];
