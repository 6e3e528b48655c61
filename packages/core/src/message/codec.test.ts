import protobuf from 'protobufjs/minimal.js';
import { checkMessage, decodeMessage, encodeMessage, MessageDecodeError } from './codec.js';
import { Field, ValueType, type FieldValue } from './field.js';
import { Message } from './message.js';
import { heka } from './message.generated.js';
import { textToBytes } from './utf8.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const UUID = bytes('000102030405060708090a0b0c0d0e0f');
const UUID_HEX = '0a10000102030405060708090a0b0c0d0e0f';

function thrown(f: () => unknown): Error {
  try { f(); } catch (e) { return e as Error; }
  throw new Error('expected a throw');
}

function fieldMessage(...fields: Field[]): Message {
  return new Message({ uuid: UUID, timestamp: 1n, fields });
}

describe('encodeMessage', () => {
  it('writes the message of spec §1.7', () => {
    const msg = new Message({ uuid: new Uint8Array(16), timestamp: 1n, type: 't' });
    expect(hex(encodeMessage(msg))).toBe('0a10' + '00'.repeat(16) + '1001' + '1a0174');
  });

  it('writes only the header fields that are set, in field-number order, empty ones included', () => {
    const msg = new Message({ uuid: UUID, timestamp: 2n, hostname: 'h', pid: 0, envVersion: '', payload: 'p', severity: 0, logger: '' });
    expect(hex(encodeMessage(msg))).toBe(UUID_HEX + '1002' + '2200' + '2800' + '320170' + '3a00' + '4000' + '4a0168');
    expect(hex(encodeMessage(new Message({ uuid: UUID, timestamp: 2n })))).toBe(UUID_HEX + '1002');
  });

  it('writes a negative severity or pid as a 5-byte varint, as Heka does', () => {
    expect(hex(encodeMessage(new Message({ uuid: UUID, timestamp: 0n, severity: -1, pid: -2 }))))
      .toBe(UUID_HEX + '1000' + '28ffffffff0f' + '40feffffff0f');
  });

  it('writes every Field with name, value_type (even STRING) and representation (even ""), numbers packed', () => {
    const msg = fieldMessage(
      Field.of('s', 'ab'),
      new Field({ name: 'b', values: [bytes('00ff')] }),
      new Field({ name: 'i', values: [1n, -1n], representation: 'n' }),
      new Field({ name: 'd', values: [1.5] }),
      new Field({ name: 'o', values: [true, false] }),
    );
    expect(hex(encodeMessage(msg))).toBe(UUID_HEX + '1001'
      + '520b' + '0a0173' + '1000' + '1a00' + '22026162'
      + '520b' + '0a0162' + '1001' + '1a00' + '2a0200ff'
      + '5215' + '0a0169' + '1002' + '1a016e' + '320b' + '01' + 'ffffffffffffffffff01'
      + '5211' + '0a0164' + '1003' + '1a00' + '3a08' + '000000000000f83f'
      + '520b' + '0a016f' + '1004' + '1a00' + '42020100');
  });

  it('writes a Field with no values as name, value_type and representation only', () => {
    expect(hex(encodeMessage(fieldMessage(new Field({ name: 'e', valueType: ValueType.INTEGER }))))).toBe(UUID_HEX + '1001' + '5207' + '0a0165' + '1002' + '1a00');
  });

  it('writes non-ASCII text as UTF-8 and text held as bytes unchanged', () => {
    const msg = new Message({ uuid: UUID, timestamp: 0n, type: 'é', payload: bytes('ff00fe'), fields: [new Field({ name: 'ü', valueType: ValueType.STRING, values: [bytes('c328')] })] });
    expect(hex(encodeMessage(msg))).toBe(UUID_HEX + '1000' + '1a02c3a9' + '3203ff00fe' + '520c' + '0a02c3bc' + '1000' + '1a00' + '2202c328');
  });

  it('moves a value whose length needs more than one byte', () => {
    const long = 'x'.repeat(200);
    const out = encodeMessage(fieldMessage(Field.of('n', long), new Field({ name: 'i', values: Array.from({ length: 20 }, () => -1n) })));
    const decoded = decodeMessage(out);
    expect(decoded.fields[0]!.value()).toBe(long);
    expect(decoded.fields[1]!.values).toEqual(Array.from({ length: 20 }, () => -1n));
    expect(hex(out.subarray(20, 26))).toBe('52d2010a016e'); // field length 210 as a 2-byte varint
  });

  it('writes large messages (past the pooled size) the same way', () => {
    const payload = 'é'.repeat(40000);
    const msg = new Message({ uuid: UUID, timestamp: 5n, payload, fields: [Field.of('big', bytes('01').subarray(0, 1))] });
    const decoded = decodeMessage(encodeMessage(msg));
    expect(decoded.payload).toBe(payload);
    expect(hex(decoded.payloadBytes.subarray(0, 4))).toBe('c3a9c3a9');
  });

  it('rejects a value of the wrong type and an integer outside int64, naming the field', () => {
    const wrong = Field.of('n', 5n);
    wrong.values.push(7 as unknown as FieldValue);
    expect(thrown(() => encodeMessage(fieldMessage(wrong))).message).toBe('Field "n" (INTEGER): value 1 is number, expected a bigint');
    expect(thrown(() => encodeMessage(fieldMessage(Field.of('n', 2n ** 63n)))).message).toBe('9223372036854775808 is outside the int64 range');
    expect(thrown(() => encodeMessage(new Message({ timestamp: -(2n ** 63n) - 1n }))).message).toBe('-9223372036854775809 is outside the int64 range');
  });
});

describe('decodeMessage', () => {
  it('reads every value type back, with representations and repeated names in order', () => {
    const msg = fieldMessage(
      new Field({ name: 'tag', values: ['a', 'é', ''], representation: 'list' }),
      new Field({ name: 'raw', values: [bytes('00ff'), bytes('')] }),
      new Field({ name: 'n', values: [0n, 300n, -5n], representation: 'count' }),
      new Field({ name: 'x', values: [0.1, -2.5e300, Infinity], representation: 's' }),
      new Field({ name: 'ok', values: [true, false, true] }),
      Field.of('tag', 'second'),
    );
    const decoded = decodeMessage(encodeMessage(msg));
    expect(decoded.fields.map((f) => [f.name, f.valueType, f.representation, f.values])).toEqual([
      ['tag', ValueType.STRING, 'list', ['a', 'é', '']],
      ['raw', ValueType.BYTES, '', [bytes('00ff'), bytes('')]],
      ['n', ValueType.INTEGER, 'count', [0n, 300n, -5n]],
      ['x', ValueType.DOUBLE, 's', [0.1, -2.5e300, Infinity]],
      ['ok', ValueType.BOOL, '', [true, false, true]],
      ['tag', ValueType.STRING, '', ['second']],
    ]);
    expect(decoded.fieldsNamed('tag').map((f) => f.value())).toEqual(['a', 'second']);
    expect(decoded.fieldValue('n', 2)).toBe(-5n);
  });

  it('reads the header fields, and Heka defaults for unset ones', () => {
    const full = decodeMessage(encodeMessage(new Message({ uuid: UUID, timestamp: 9n, type: 'T', logger: 'L', severity: 3, payload: 'P', envVersion: '0.8', pid: 77, hostname: 'H' })));
    expect([full.uuidString, full.timestamp, full.type, full.logger, full.severity, full.payload, full.envVersion, full.pid, full.hostname])
      .toEqual(['00010203-0405-0607-0809-0a0b0c0d0e0f', 9n, 'T', 'L', 3, 'P', '0.8', 77, 'H']);
    const bare = decodeMessage(new Uint8Array(0));
    expect([bare.uuid.length, bare.timestamp, bare.type, bare.severity, bare.pid, bare._type, bare._severity, bare.fields]).toEqual([0, 0n, '', 7, 0, undefined, undefined, []]);
  });

  it('keeps int64 extremes exact, in the timestamp and in INTEGER values', () => {
    const extremes = [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, -(2n ** 32n), 2n ** 32n, -1n];
    for (const v of extremes) {
      const decoded = decodeMessage(encodeMessage(new Message({ timestamp: v, fields: [new Field({ name: 'v', values: [v, v] })] })));
      expect([decoded.timestamp, ...decoded.fields[0]!.values]).toEqual([v, v, v]);
    }
    expect(hex(encodeMessage(new Message({ timestamp: -(2n ** 63n) })))).toBe('0a00' + '10' + '80808080808080808001');
  });

  it('reads a negative severity or pid from a 5-byte (Heka) or 10-byte (standard) varint', () => {
    expect(decodeMessage(bytes('28ffffffff0f')).severity).toBe(-1);
    expect(decodeMessage(bytes('28ffffffffffffffffff01')).severity).toBe(-1);
    expect(decodeMessage(bytes('40feffffff0f')).pid).toBe(-2);
    expect(decodeMessage(bytes('40feffffffffffffffff01')).pid).toBe(-2);
  });

  it('reads packed and unpacked numbers alike, even mixed', () => {
    const ints = bytes('0a0169 1002 3001 30ffffffffffffffffff01 3205 8002 8003 00');
    const doubles = bytes('0a0164 1003 39000000000000f83f 3a080000000000000040');
    const bools = bytes('0a016f 1004 4001 4000 420101');
    const entry = (body: Uint8Array): string => '52' + body.length.toString(16).padStart(2, '0') + hex(body);
    const decoded = decodeMessage(bytes(entry(ints) + entry(doubles) + entry(bools)));
    expect(decoded.fields.map((f) => f.values)).toEqual([[1n, -1n, 256n, 384n, 0n], [1.5, 2], [true, false, true]]);
  });

  it('keeps text that is not valid UTF-8 byte for byte', () => {
    const wire = bytes(UUID_HEX + '1000' + '1a02ff41' + '3204c328e282' + '520b' + '0a02ff61' + '1000' + '1a00' + '2201c3');
    const msg = decodeMessage(wire);
    expect(msg.payload).toBe('\ufffd(\ufffd');
    expect(hex(msg.payloadBytes)).toBe('c328e282');
    expect(msg.type).toBe('\ufffdA');
    const field = msg.fields[0]!;
    expect(field.name).toBe('\ufffda');
    expect(field.values).toEqual([bytes('c3')]);
    expect(hex(encodeMessage(msg))).toBe(hex(wire));
  });

  it('skips unknown fields and writes them back after the known ones', () => {
    // Field 11 (varint), 12 (fixed64), 13 (bytes), 15 (fixed32), and an unknown field inside a Field.
    const wire = bytes(UUID_HEX + '1000' + '5801' + '61' + '0102030405060708' + '1a0174' + '6a03616263' + '7d01020304' + '5207' + '0a0161' + '1000' + '5805');
    const msg = decodeMessage(wire);
    expect([msg.type, msg.fields.map((f) => f.name)]).toEqual(['t', ['a']]);
    expect(hex(encodeMessage(msg))).toBe(UUID_HEX + '1000' + '1a0174' + '5205' + '0a0161' + '1000' + '5801' + '610102030405060708' + '6a03616263' + '7d01020304');
  });

  it('takes the last of a repeated header field and ignores value arrays that do not match value_type', () => {
    const msg = decodeMessage(bytes('1a0161 1a0162 2802 2803 520a 0a0178 1002 2201 7a 3001'));
    expect([msg.type, msg.severity, msg.fields[0]!.values]).toEqual(['b', 3, [1n]]);
  });

  it('decodes fields lazily, and writes untouched ones back as they came', () => {
    const unpacked = bytes(UUID_HEX + '1000' + '5209' + '0a0169' + '1002' + '3001' + '3002');
    const msg = decodeMessage(unpacked);
    expect(msg._fields).toBeUndefined();
    expect(hex(encodeMessage(msg))).toBe(hex(unpacked));
    expect(msg.fields[0]!.values).toEqual([1n, 2n]);
    expect(hex(encodeMessage(msg))).toBe(UUID_HEX + '1000' + '5209' + '0a0169' + '1002' + '3202' + '0102');
  });

  it('decodes into a message given (a pool\'s): nothing of what it held before is left', () => {
    const wire = bytes('1a0174' + '5205' + '0a016e' + '1002');
    const used = Message.create({ logger: 'old', payload: 'old line', hostname: 'h', severity: 2, pid: 5, envVersion: '1' });
    used.addField('old', 1);
    void used.uuid;
    const msg = decodeMessage(wire, used);
    expect(msg).toBe(used);
    expect(hex(encodeMessage(msg))).toBe(hex(encodeMessage(decodeMessage(wire))));
    expect([msg.type, msg._logger, msg._payload, msg._hostname, msg._severity, msg._pid, msg.timestamp, msg.uuid.length]).toEqual(['t', undefined, undefined, undefined, undefined, undefined, 0n, 0]);
    expect(msg.fields.map((f) => f.name)).toEqual(['n']);
  });

  it('gathers fields that other fields interrupt', () => {
    const msg = decodeMessage(bytes('5203 0a0161' + '1a0174' + '5203 0a0162'));
    expect(msg.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });

  it('remembers a Field without value_type or representation (as Lua sandboxes write them)', () => {
    const wire = bytes(UUID_HEX + '1000' + '5209' + '0a0161' + '1a0162' + '22017a' + '5205' + '0a0163' + '1003');
    const msg = decodeMessage(wire);
    const [a, c] = msg.fields;
    expect([a!.valueType, a!.representation, a!._valueTypeSet, a!._representationSet]).toEqual([ValueType.STRING, 'b', false, true]);
    expect([c!.valueType, c!.representation, c!._valueTypeSet, c!._representationSet]).toEqual([ValueType.DOUBLE, '', true, false]);
    expect(hex(encodeMessage(msg))).toBe(hex(wire));
  });

  it.each([
    ['0a05 0102', 'truncated uuid at byte 1: needs 5 bytes, only 2 left'],
    ['10ffff', 'truncated timestamp at byte 1: the data ends inside a varint'],
    ['1001 1a', 'truncated type at byte 3: the data ends inside a varint'],
    ['1880', 'type at byte 0: wire type 0, expected 2'],
    ['1b', 'type at byte 0: wire type 3, expected 2'],
    ['2a0101', 'severity at byte 0: wire type 2, expected 0'],
    ['5203 0a01', 'truncated fields at byte 1: needs 3 bytes, only 2 left'],
    ['5202 1009', 'field value_type at byte 2: unknown value type 9'],
    ['5202 0a05', 'truncated field name at byte 3: needs 5 bytes, only 0 left'],
    ['5202 2001', 'field value_string at byte 2: wire type 0, expected 2'],
    ['5203 3a0100', 'field value_double at byte 2: packed doubles of 1 bytes'],
    ['5203 320180', 'truncated field value_integer at byte 4: the data ends inside a varint'],
    ['5880', 'truncated unknown field at byte 1: the data ends inside a varint'],
    ['58 ffffffffffffffffffff 01', 'unknown field at byte 1: varint longer than 10 bytes'],
    ['5e', 'unknown field at byte 1: unsupported wire type 6'],
  ])('throws a MessageDecodeError for %s (checkMessage the same)', (wire, message) => {
    const e = thrown(() => decodeMessage(bytes(wire)));
    expect(e).toBeInstanceOf(MessageDecodeError);
    expect(e.message).toBe(message);
    const checked = thrown(() => checkMessage(bytes(wire)));
    expect(checked).toBeInstanceOf(MessageDecodeError);
    expect(checked.message).toBe(message);
  });

  it('throws for every truncation of a message, except at a top-level boundary (checkMessage the same)', () => {
    const wire = encodeMessage(new Message({ uuid: UUID, timestamp: 1795240570049421092n, type: 'web', payload: 'hello', fields: [Field.of('n', 300n), Field.of('s', 'x')] }));
    const boundaries = new Set<number>();
    const reader = protobuf.Reader.create(wire);
    while (reader.pos < reader.len) {
      boundaries.add(reader.pos);
      reader.skipType(reader.uint32() & 7);
    }
    boundaries.add(reader.pos);
    for (let n = 0; n <= wire.length; n++) {
      const prefix = wire.subarray(0, n);
      if (boundaries.has(n)) {
        expect(() => decodeMessage(prefix)).not.toThrow();
        expect(() => checkMessage(prefix)).not.toThrow();
      } else {
        expect(() => decodeMessage(prefix)).toThrow(MessageDecodeError);
        expect(() => checkMessage(prefix)).toThrow(MessageDecodeError);
      }
    }
  });
});

// Deterministic pseudo-random messages for comparing with the generated protobufjs code.
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomMessage(rnd: () => number): Message {
  const int = (n: number): number => Math.floor(rnd() * n);
  const text = (): string => Array.from({ length: int(rnd() < 0.1 ? 200 : 12) }, () => String.fromCodePoint(rnd() < 0.9 ? 32 + int(95) : 0xa0 + int(0x2000))).join('');
  const int64 = (): bigint => [0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), BigInt(int(1e9)) * BigInt(int(1e9)) - 10n ** 17n][int(6)]!;
  const maybe = <T>(v: () => T): T | undefined => (rnd() < 0.5 ? v() : undefined);
  const fields = Array.from({ length: int(6) }, () => {
    const valueType = int(5) as ValueType;
    const values = Array.from({ length: int(4) }, (): FieldValue => [text, () => Uint8Array.from({ length: int(10) }, () => int(256)), int64, () => (rnd() - 0.5) * 1e6, () => rnd() < 0.5][valueType]!());
    return new Field({ name: text(), valueType, representation: rnd() < 0.5 ? '' : text(), values });
  });
  return new Message({
    uuid: Uint8Array.from({ length: 16 }, () => int(256)), timestamp: int64(), type: maybe(text), logger: maybe(text),
    severity: maybe(() => int(12) - 3), payload: maybe(text), envVersion: maybe(text), pid: maybe(() => int(70000) - 100), hostname: maybe(text), fields,
  });
}

function toGenerated(msg: Message): heka.Message.$Properties {
  const long = (v: bigint): { low: number; high: number; unsigned: boolean } => ({ low: Number(BigInt.asIntN(32, v)), high: Number(BigInt.asIntN(32, v >> 32n)), unsigned: false });
  const out: heka.Message.$Properties = { uuid: msg.uuid, timestamp: long(msg.timestamp) as unknown as number };
  if (msg._type !== undefined) out.type = textToBytes(msg._type);
  if (msg._logger !== undefined) out.logger = textToBytes(msg._logger);
  if (msg._severity !== undefined) out.severity = msg._severity;
  if (msg._payload !== undefined) out.payload = textToBytes(msg._payload);
  if (msg._envVersion !== undefined) out.env_version = textToBytes(msg._envVersion);
  if (msg._pid !== undefined) out.pid = msg._pid;
  if (msg._hostname !== undefined) out.hostname = textToBytes(msg._hostname);
  out.fields = msg.fields.map((f) => {
    const field: heka.Field.$Properties = { name: textToBytes(f._name), value_type: f.valueType, representation: textToBytes(f._representation) };
    const values = f.values;
    if (f.valueType === ValueType.STRING) field.value_string = values.map((v) => textToBytes(v as string));
    if (f.valueType === ValueType.BYTES) field.value_bytes = values as Uint8Array[];
    if (f.valueType === ValueType.INTEGER) field.value_integer = values.map((v) => long(v as bigint) as unknown as number);
    if (f.valueType === ValueType.DOUBLE) field.value_double = values as number[];
    if (f.valueType === ValueType.BOOL) field.value_bool = values as boolean[];
    return field;
  });
  return out;
}

describe('the codec and the code generated from message.proto', () => {
  const rnd = random(7);
  const messages = Array.from({ length: 300 }, () => randomMessage(rnd));

  it('encode the same bytes', () => {
    for (const msg of messages) expect(hex(encodeMessage(msg))).toBe(hex(heka.Message.encode(toGenerated(msg)).finish()));
  });

  it('decode the same values', () => {
    for (const msg of messages) {
      const wire = encodeMessage(msg);
      const ours = decodeMessage(wire);
      const theirs = heka.Message.decode(wire);
      expect(hex(ours.uuid)).toBe(hex(theirs.uuid));
      expect(ours.timestamp).toBe(BigInt(theirs.timestamp.toString()));
      expect(hex(textToBytes(ours._payload ?? ''))).toBe(hex(theirs.payload));
      expect(ours.severity).toBe(theirs.severity | 0);
      expect(ours.pid).toBe(theirs.pid | 0);
      expect(ours.fields.length).toBe(theirs.fields.length);
      ours.fields.forEach((f, i) => {
        const g = theirs.fields[i]!;
        expect(hex(textToBytes(f._name))).toBe(hex(g.name!));
        const expected = [g.value_string!.map((b) => hex(b)), g.value_bytes!.map((b) => hex(b)), g.value_integer!.map((v) => String(v)), g.value_double, g.value_bool][f.valueType];
        const actual = f.valueType < 2 ? f.values.map((v) => hex(textToBytes(v as string | Uint8Array))) : f.valueType === 2 ? f.values.map(String) : f.values;
        expect(actual).toEqual(expected);
      });
      expect(hex(encodeMessage(ours))).toBe(hex(wire));
    }
  });
});
