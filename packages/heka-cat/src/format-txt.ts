// heka-cat -format=txt: the block Heka prints per message, ending with a blank line. Header
// strings are written as their exact bytes, as Go prints them, even when not valid UTF-8.
import { GO_TIME_STRING_LAYOUT, formatGoLayout, textToBytes, type Message, type Text } from '@heka/core';
import { fieldToCompactText } from './go-text.js';

const raw = (text: Text | undefined): Uint8Array => (text === undefined ? new Uint8Array(0) : textToBytes(text));

export function messageToText(msg: Message, timeZone?: string): Buffer {
  return Buffer.concat([
    Buffer.from(`Timestamp: ${formatGoLayout(msg.timestamp, GO_TIME_STRING_LAYOUT, timeZone)}\nType: `),
    raw(msg._type),
    Buffer.from('\nHostname: '),
    raw(msg._hostname),
    Buffer.from(`\nPid: ${msg.pid}\nUUID: ${msg.uuidString}\nLogger: `),
    raw(msg._logger),
    Buffer.from('\nPayload: '),
    raw(msg._payload),
    Buffer.from('\nEnvVersion: '),
    raw(msg._envVersion),
    Buffer.from(`\nSeverity: ${msg.severity}\nFields: [${msg.fields.map(fieldToCompactText).join(' ')}]\n\n`),
  ]);
}
