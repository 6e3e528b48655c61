import { decodeMessage, encodeMessage, Field, goFloat, goQuote, Message, ValueType } from '@heka/core';
import { Pack } from '../../pipeline/pack.js';
import { PayloadEncoderInstance, type PayloadEncoderConfig } from './payload-encoder.js';
import { ProtobufEncoderInstance } from './protobuf-encoder.js';
import { RstEncoderInstance } from './rst-encoder.js';

const TS = BigInt(Date.UTC(2015, 11, 30, 12, 0, 0, 123)) * 1_000_000n;
const text = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('latin1');
const pack = (init: ConstructorParameters<typeof Message>[0] = {}): Pack => new Pack(new Message({ timestamp: TS, ...init }));

function payloadEncoder(options: Partial<PayloadEncoderConfig>, now = 0n): PayloadEncoderInstance {
  const config = { append_newlines: true, prefix_ts: false, ts_from_message: true, ts_format: '[2006/Jan/02:15:04:05 -0700]', ...options };
  return new PayloadEncoderInstance(config, () => now);
}

describe('PayloadEncoder', () => {
  const hadTz = process.env.TZ;
  beforeAll(() => { process.env.TZ = 'UTC'; });
  afterAll(() => { process.env.TZ = hadTz; });

  it('writes the payload and a newline by default', () => {
    expect(text(payloadEncoder({}).encode(pack({ payload: 'hello' })))).toBe('hello\n');
  });

  it('writes the payload alone with append_newlines = false, bytes unchanged', () => {
    const raw = new Uint8Array([0xff, 0x00, 0x41]);
    expect(payloadEncoder({ append_newlines: false }).encode(pack({ payload: raw }))).toEqual(raw);
  });

  it('prefixes the message timestamp in the default layout, then a space', () => {
    expect(text(payloadEncoder({ prefix_ts: true }).encode(pack({ payload: 'x' })))).toBe('[2015/Dec/30:12:00:00 +0000] x\n');
  });

  it('adds no second space when the layout ends with one', () => {
    expect(text(payloadEncoder({ prefix_ts: true, ts_format: '15:04:05.000 ' }).encode(pack({ payload: 'x' })))).toBe('12:00:00.123 x\n');
  });

  it('uses the current time with ts_from_message = false', () => {
    const now = BigInt(Date.UTC(2020, 0, 1)) * 1_000_000n;
    expect(text(payloadEncoder({ prefix_ts: true, ts_from_message: false, ts_format: '2006' }, now).encode(pack({ payload: 'x' })))).toBe('2020 x\n');
  });
});

describe('ProtobufEncoder', () => {
  it('returns a copy of the bytes the pack was decoded from', () => {
    const p = pack({ payload: 'a' });
    const bytes = encodeMessage(p.message);
    p.bytes = bytes;
    const out = new ProtobufEncoderInstance().encode(p);
    expect(out).toEqual(bytes);
    expect(out.buffer === bytes.buffer && out.byteOffset === bytes.byteOffset).toBe(false);
  });

  it('encodes the message when the pack has no bytes', () => {
    const out = new ProtobufEncoderInstance().encode(pack({ payload: 'b', type: 't' }));
    const back = decodeMessage(out);
    expect([back.payload, back.type, back.timestamp]).toEqual(['b', 't', TS]);
  });
});

describe('RstEncoder', () => {
  it('lists the headers and every field', () => {
    const uuid = Uint8Array.from({ length: 16 }, (_, i) => i);
    const m = new Message({
      uuid, timestamp: TS, type: 'web', hostname: 'h1', pid: 42, logger: 'nginx', payload: 'GET /', envVersion: '0.8', severity: 6,
      fields: [
        Field.of('status', 200n),
        new Field({ name: 'tags', values: ['a', 'b"c'] }),
        Field.of('took', 0.25, 's'),
        new Field({ name: 'raw', valueType: ValueType.BYTES, values: [new Uint8Array([1, 2, 3])] }),
        Field.of('ok', true),
      ],
    });
    expect(text(new RstEncoderInstance().encode(new Pack(m)))).toBe([
      '',
      ':Timestamp: 2015-12-30 12:00:00.123 +0000 UTC',
      ':Type: web',
      ':Hostname: h1',
      ':Pid: 42',
      ':Uuid: 00010203-0405-0607-0809-0a0b0c0d0e0f',
      ':Logger: nginx',
      ':Payload: GET /',
      ':EnvVersion: 0.8',
      ':Severity: 6',
      ':Fields:',
      '    | name:"status" type:integer value:200',
      '    | name:"tags" type:string value:["a","b\\"c"]',
      '    | name:"took" type:double value:0.25 representation:"s"',
      '    | name:"raw" type:bytes value:AQID',
      '    | name:"ok" type:bool value:true',
      '',
      '',
    ].join('\n'));
  });

  it('leaves out :Fields: when there are none and shows unset headers with their defaults', () => {
    const out = text(new RstEncoderInstance().encode(new Pack(new Message({ timestamp: 0n }))));
    expect(out).toBe('\n:Timestamp: 1970-01-01 00:00:00 +0000 UTC\n:Type: \n:Hostname: \n:Pid: 0\n:Uuid: \n:Logger: \n:Payload: \n:EnvVersion: \n:Severity: 7\n\n');
  });
});

describe('Go value formats', () => {
  it.each([[0.25, '0.25'], [1e6, '1e+06'], [123456.5, '123456.5'], [1e-5, '1e-05'], [0.0001, '0.0001'], [-2, '-2'], [1.5e300, '1.5e+300'], [Infinity, '+Inf'], [NaN, 'NaN']])('goFloat(%p)', (v, s) => {
    expect(goFloat(v)).toBe(s);
  });

  it('quotes as strconv.Quote', () => {
    expect(goQuote('a"b\\c\n\t\x01é')).toBe('"a\\"b\\\\c\\n\\t\\x01é"');
  });
});
