// ProtobufDecoder (plugins §5.1): message bytes in, the message out; corrupt bytes fail the decode.
import { Field, Message, encodeMessage } from '@heka/core';

export interface ProtobufCase {
  readonly name: string;
  readonly bytes: Uint8Array | undefined;
  /** The decoded message, or the error thrown. */
  readonly expect: { readonly message: Message } | { readonly error: RegExp };
}

const full = new Message({
  uuid: new Uint8Array(16).fill(1), timestamp: 1_416_223_000_123_456_789n, type: 'nginx.access', logger: 'web',
  severity: 6, payload: 'GET / 200', envVersion: '1', pid: 321, hostname: 'web-1',
  fields: [Field.of('status', 200n), Field.of('rt', 0.25, 's'), Field.of('ok', true), new Field({ name: 'tags', values: ['a', 'b'] })],
});
const fullBytes = encodeMessage(full);

export const PROTOBUF_CASES: readonly ProtobufCase[] = [
  { name: 'every header and field type', bytes: fullBytes, expect: { message: full } },
  { name: 'an empty message is valid protobuf', bytes: new Uint8Array(0), expect: { message: new Message() } },
  { name: 'truncated', bytes: fullBytes.subarray(0, fullBytes.length - 3), expect: { error: /^ProtobufDecoder: corrupt message of \d+ bytes: / } },
  { name: 'a wrong wire type', bytes: new Uint8Array([0x12, 0x01, 0x00]), expect: { error: /^ProtobufDecoder: corrupt message of 3 bytes: timestamp at byte 0: wire type 2, expected 0$/ } },
  { name: 'a length past the end', bytes: new Uint8Array([0x32, 0x7f, 0x41]), expect: { error: /^ProtobufDecoder: corrupt message of 3 bytes: / } },
  { name: 'no bytes: a payload record', bytes: undefined, expect: { error: /use_message_bytes = true/ } },
];
