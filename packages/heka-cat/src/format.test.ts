import { Field, Message, ValueType } from '@heka/core';
import { formatGoFloat, quoteProtoText, fieldToCompactText } from './go-text.js';
import { goJsonString } from './go-json.js';
import { GO_TIME_STRING_LAYOUT, formatGoLayout } from '@heka/core';
import { messageToJson } from './format-json.js';
import { messageToText } from './format-txt.js';

const uuid = Uint8Array.from([0x0e, 0x1f, 0x2a, 0x3b, 0x4c, 0x5d, 0x6e, 0x7f, 0x80, 0x91, 0xa2, 0xb3, 0xc4, 0xd5, 0xe6, 0xf7]);

function sample(): Message {
  return new Message({
    uuid,
    timestamp: 1_700_000_000_123_456_789n,
    type: 'demo',
    logger: 'unit',
    severity: 6,
    payload: 'a <b> & "c"\n',
    hostname: 'host',
    pid: 42,
    fields: [
      new Field({ name: 'status', valueType: ValueType.INTEGER, values: [200n, -9_223_372_036_854_775_808n] }),
      new Field({ name: 'ratio', valueType: ValueType.DOUBLE, representation: '%', values: [0.5, 1234567.5] }),
      new Field({ name: 'raw', valueType: ValueType.BYTES, values: [Uint8Array.from([0, 255, 10])] }),
      new Field({ name: 'ok', valueType: ValueType.BOOL, values: [true] }),
      new Field({ name: 'tag', values: ['x"y', 'é'] }),
    ],
  });
}

describe('Go value formats', () => {
  it.each([
    [0, '0'], [99.9, '99.9'], [100000, '100000'], [1e6, '1e+06'], [1234567.5, '1.2345675e+06'],
    [0.0001, '0.0001'], [0.00001, '1e-05'], [-2.5e-10, '-2.5e-10'], [1e21, '1e+21'], [NaN, 'nan'], [-Infinity, '-inf'],
  ])('prints the double %p as Go %%v does: %s', (v, text) => {
    expect(formatGoFloat(v)).toBe(text);
  });

  it('quotes protobuf text with octal escapes for non-printable and non-ASCII bytes', () => {
    expect(quoteProtoText(Uint8Array.from(Buffer.from('a"\\\n\té')))).toBe('"a\\"\\\\\\n\\t\\303\\251"');
  });

  it('escapes JSON strings as encoding/json does', () => {
    expect(goJsonString('<a>&\u0001\u2028"\\')).toBe('"\\u003ca\\u003e\\u0026\\u0001\\u2028\\"\\\\"');
    expect(goJsonString(Uint8Array.from([0x61, 0xff, 0x62]))).toBe('"a\ufffdb"');
  });

  it('prints a timestamp in Go time.Time String() layout (core formatter)', () => {
    const formatGoTime = (ns: bigint, tz: string): string => formatGoLayout(ns, GO_TIME_STRING_LAYOUT, tz);
    expect(formatGoTime(1_700_000_000_123_456_789n, 'UTC')).toBe('2023-11-14 22:13:20.123456789 +0000 UTC');
    expect(formatGoTime(1_700_000_000_000_000_000n, 'UTC')).toBe('2023-11-14 22:13:20 +0000 UTC');
    expect(formatGoTime(1_700_000_000_120_000_000n, 'UTC')).toBe('2023-11-14 22:13:20.12 +0000 UTC');
    expect(formatGoTime(1_700_000_000_000_000_000n, 'America/Los_Angeles')).toBe('2023-11-14 14:13:20 -0800 PST');
    expect(formatGoTime(-1n, 'UTC')).toBe('1969-12-31 23:59:59.999999999 +0000 UTC');
    expect(formatGoTime(0n, 'Asia/Kolkata')).toBe('1970-01-01 05:30:00 +0530 +0530');
  });
});

describe('message formats', () => {
  it('writes json with the keys and value forms of Go json.Marshal', () => {
    expect(messageToJson(sample())).toBe(
      '{"uuid":"Dh8qO0xdbn+AkaKzxNXm9w==","timestamp":1700000000123456789,"type":"demo","logger":"unit","severity":6,' +
      '"payload":"a \\u003cb\\u003e \\u0026 \\"c\\"\\n","pid":42,"hostname":"host","fields":[' +
      '{"name":"status","value_type":2,"representation":"","value_integer":[200,-9223372036854775808]},' +
      '{"name":"ratio","value_type":3,"representation":"%","value_double":[0.5,1234567.5]},' +
      '{"name":"raw","value_type":1,"representation":"","value_bytes":["AP8K"]},' +
      '{"name":"ok","value_type":4,"representation":"","value_bool":[true]},' +
      '{"name":"tag","value_type":0,"representation":"","value_string":["x\\"y","é"]}]}',
    );
  });

  it('omits unset header fields in json', () => {
    expect(messageToJson(new Message({ timestamp: 5n }))).toBe('{"timestamp":5}');
  });

  it('refuses json for a NaN double rather than printing an empty line', () => {
    const msg = new Message({ fields: [Field.of('x', NaN)] });
    expect(messageToJson(msg)).toBeUndefined();
  });

  it('writes the txt block with fields in compact protobuf text', () => {
    {
      expect(messageToText(sample(), 'UTC').toString()).toBe(
        'Timestamp: 2023-11-14 22:13:20.123456789 +0000 UTC\nType: demo\nHostname: host\nPid: 42\n' +
        'UUID: 0e1f2a3b-4c5d-6e7f-8091-a2b3c4d5e6f7\nLogger: unit\nPayload: a <b> & "c"\n\nEnvVersion: \nSeverity: 6\n' +
        'Fields: [name:"status" value_type:INTEGER representation:"" value_integer:200 value_integer:-9223372036854775808 ' +
        'name:"ratio" value_type:DOUBLE representation:"%" value_double:0.5 value_double:1.2345675e+06 ' +
        'name:"raw" value_type:BYTES representation:"" value_bytes:"\\000\\377\\n" ' +
        'name:"ok" value_type:BOOL representation:"" value_bool:true ' +
        'name:"tag" value_type:STRING representation:"" value_string:"x\\"y" value_string:"\\303\\251"]\n\n',
      );
    }
  });

  it('writes a payload that is not valid UTF-8 byte for byte in txt', () => {
    const bytes = Uint8Array.from([0x66, 0xfe, 0x0a]);
    const out = messageToText(new Message({ payload: bytes }));
    expect(out.includes(Buffer.from([0x50, 0x61, 0x79, 0x6c, 0x6f, 0x61, 0x64, 0x3a, 0x20, 0x66, 0xfe, 0x0a]))).toBe(true);
  });

  it('leaves out value_type and representation when the field did not carry them, as Go does', () => {
    const f = new Field({ name: 'ua', values: ['curl'] });
    f._valueTypeSet = false;
    f._representationSet = false;
    expect(fieldToCompactText(f)).toBe('name:"ua" value_string:"curl"');
    expect(messageToJson(new Message({ timestamp: 1n, fields: [f] }))).toBe('{"timestamp":1,"fields":[{"name":"ua","value_string":["curl"]}]}');
  });

  it('keeps a single field compact', () => {
    expect(fieldToCompactText(Field.of('n', 3n))).toBe('name:"n" value_type:INTEGER representation:"" value_integer:3');
  });
});
