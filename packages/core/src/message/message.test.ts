// The message model over a decoded (lazy) message: reading, changing and writing it back.
import { decodeMessage, encodeMessage } from './codec.js';
import { Field, ValueType } from './field.js';
import { Message } from './message.js';
import { nowNs } from './time.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const UUID = Uint8Array.from({ length: 16 }, (_, i) => i);

function sample(): Message {
  return new Message({
    uuid: UUID, timestamp: 1795240801000000000n, type: 'nginx.access', logger: 'nginx', severity: 6,
    payload: 'GET / HTTP/1.1', envVersion: '0.8', pid: 42, hostname: 'web-01',
    fields: [Field.of('status', 200n), Field.of('path', '/'), Field.of('path', '/again')],
  });
}

describe('a decoded Message', () => {
  it('reads like the message it came from', () => {
    const msg = decodeMessage(encodeMessage(sample()));
    expect([msg.uuidString, msg.timestamp, msg.type, msg.logger, msg.severity, msg.payload, msg.envVersion, msg.pid, msg.hostname])
      .toEqual(['00010203-0405-0607-0809-0a0b0c0d0e0f', 1795240801000000000n, 'nginx.access', 'nginx', 6, 'GET / HTTP/1.1', '0.8', 42, 'web-01']);
    expect(hex(msg.payloadBytes)).toBe(Buffer.from('GET / HTTP/1.1').toString('hex'));
    expect(msg.field('path')?.value()).toBe('/');
    expect(msg.fieldsNamed('path').map((f) => f.value())).toEqual(['/', '/again']);
    expect(msg.fieldValue('status')).toBe(200n);
  });

  it('keeps raw header texts (bytes until read as strings) and unset ones undefined', () => {
    const msg = decodeMessage(encodeMessage(new Message({ uuid: UUID, type: 'web' })));
    expect(msg._type).toBeInstanceOf(Uint8Array);
    expect(hex(msg._type as Uint8Array)).toBe('776562');
    expect(msg.type).toBe('web');
    expect(msg._type).toBe('web');
    expect([msg._logger, msg._payload, msg._envVersion, msg._hostname, msg._severity, msg._pid]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('writes back what was changed, in Heka order', () => {
    const msg = decodeMessage(encodeMessage(sample()));
    msg.type = 'changed';
    msg._hostname = undefined;
    msg.severity = -1;
    msg.uuid = new Uint8Array(16);
    msg.addField('added', true);
    msg.fields[0]!.values[0] = 404n;
    const again = decodeMessage(encodeMessage(msg));
    expect([again.uuidString, again.type, again.logger, again._hostname, again.severity]).toEqual(['00000000-0000-0000-0000-000000000000', 'changed', 'nginx', undefined, -1]);
    expect(again.fields.map((f) => [f.name, f.valueType, f.values])).toEqual([
      ['status', ValueType.INTEGER, [404n]], ['path', ValueType.STRING, ['/']], ['path', ValueType.STRING, ['/again']], ['added', ValueType.BOOL, [true]],
    ]);
  });

  it('can have its fields replaced before they were ever decoded', () => {
    const msg = decodeMessage(encodeMessage(sample()));
    msg.fields = [Field.of('only', 1.5)];
    expect(decodeMessage(encodeMessage(msg)).fields.map((f) => [f.name, f.values])).toEqual([['only', [1.5]]]);
  });

  it('does not change when its input bytes are decoded again or another message is decoded', () => {
    const wire = encodeMessage(sample());
    const first = decodeMessage(wire);
    decodeMessage(encodeMessage(new Message({ type: 'other', fields: [Field.of('x', 'y')] })));
    expect([first.type, first.fields.length, hex(encodeMessage(first))]).toEqual(['nginx.access', 3, hex(wire)]);
  });
});

describe('encodeMessage results', () => {
  it('stay intact when more messages are encoded', () => {
    const first = encodeMessage(sample());
    const copy = hex(first);
    for (let i = 0; i < 2000; i++) encodeMessage(new Message({ payload: 'x'.repeat(i % 300) }));
    expect(hex(first)).toBe(copy);
  });
});

describe('Message.create', () => {
  it('stamps the time of creation and a random v4 uuid, both made when first read and then fixed', () => {
    const before = nowNs();
    const msg = Message.create({ payload: 'x' });
    const after = nowNs();
    // Made from one monotonic clock reading synced to Date every 100 ms: within 1 ms of nowNs.
    expect(msg.timestamp).toBeGreaterThanOrEqual(before - 1_000_000n);
    expect(msg.timestamp).toBeLessThanOrEqual(after + 1_000_000n);
    expect(msg.timestamp).toBe(msg.timestamp);
    const uuid = msg.uuidString;
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(msg.uuidString).toBe(uuid);
    expect(Message.create().uuidString).not.toBe(uuid);
    expect(msg.fields).toEqual([]);
    expect(decodeMessage(encodeMessage(msg)).uuidString).toBe(uuid);
  });

  it('keeps a uuid or timestamp given, or set before the first read', () => {
    expect(Message.create({ timestamp: 5n }).timestamp).toBe(5n);
    const msg = Message.create();
    msg.timestamp = 7n;
    msg.uuid = UUID;
    expect([msg.timestamp, hex(msg.uuid)]).toEqual([7n, hex(UUID)]);
    expect(hex(Message.create({ uuid: UUID }).uuid)).toBe(hex(UUID));
  });
});

describe('a payload kept where it lies (setPayloadIn)', () => {
  const chunk = Buffer.from('first line\nsecond line\nthird\n');

  it('reads, encodes and hands out exactly the bytes of its range', () => {
    const msg = new Message({ timestamp: 5n, type: 'logfile' });
    msg.setPayloadIn(chunk, 11, 23);
    const ranges: [Uint8Array, number, number][] = [];
    msg.payloadTo({ addRange: (source, start, end) => ranges.push([source, start, end]) });
    // No view made for the sink: the chunk itself and the range.
    expect(ranges).toEqual([[chunk, 11, 23]]);
    const plain = new Message({ timestamp: 5n, type: 'logfile', payload: chunk.subarray(11, 23) });
    expect(hex(encodeMessage(msg))).toBe(hex(encodeMessage(plain)));
    // Read, it is a view of the chunk (not a copy).
    const view = msg.payloadBytes;
    expect([view.buffer === chunk.buffer, view.byteOffset - chunk.byteOffset, view.length]).toEqual([true, 11, 12]);
    expect(msg.payload).toBe('second line\n');
  });

  it('is a plain view once read, and replaced like any payload', () => {
    const msg = new Message();
    msg.setPayloadIn(chunk, 0, 5);
    expect(msg._payload?.constructor).toBe(Uint8Array);
    msg.payload = 'other';
    const seen: string[] = [];
    msg.payloadTo({ addRange: (source, start, end) => seen.push(Buffer.from(source.subarray(start, end)).toString()) });
    expect(seen).toEqual(['other']);
  });
});

describe('Message.renew (pooled messages)', () => {
  it('leaves nothing of the old message: as Message.create() makes one, with a new uuid and time', () => {
    const used = decodeMessage(encodeMessage(sample()));
    const oldUuid = used.uuidString;
    used.addField('extra', 'x');
    used.setPayloadIn(Buffer.from('xyz'), 1, 2);
    used.renew();
    const fresh = Message.create();
    const plain = (m: Message) => [m._type, m._logger, m._payload, m._envVersion, m._hostname, m._severity, m._pid, m.fields.length, m._unknown];
    expect(plain(used)).toEqual(plain(fresh));
    expect(used.uuidString).not.toBe(oldUuid);
    expect(used.uuid.length).toBe(16);
    expect(Number(used.timestamp - fresh.timestamp)).toBeLessThan(1e9);
    // Written out it has exactly what a fresh message has: uuid and timestamp only.
    used.uuid = fresh.uuid;
    used.timestamp = fresh.timestamp;
    expect(hex(encodeMessage(used))).toBe(hex(encodeMessage(fresh)));
  });

  it('renewAt(whole ms, ns) stamps the time renew(ms) stamps, and owes it the same way', () => {
    const byMs = Message.create();
    byMs.renew(1234.5);
    const split = decodeMessage(encodeMessage(sample()));
    split.renewAt(1234, 500_000);
    expect(split.uuidOwed).toBe(true);
    expect([split.owedStampEpochMs, split.owedStampSubNs]).toEqual([byMs.owedStampEpochMs, byMs.owedStampSubNs]);
    expect(split.timestamp).toBe(byMs.timestamp);
    expect(split._payload).toBeUndefined();
  });
});

describe('an owed uuid and timestamp handed on (uuidOwed, owedStamp*, oweAs)', () => {
  it('a created message owes both until they are read; the copy makes the same timestamp', () => {
    const m = Message.create(undefined, 1234.567891);
    expect(m.uuidOwed).toBe(true);
    const epochMs = m.owedStampEpochMs;
    const subNs = m.owedStampSubNs;
    expect(epochMs).toBeGreaterThan(0);
    const copy = new Message();
    copy.oweAs(epochMs, subNs);
    expect(copy.uuidOwed).toBe(true);
    expect(copy.timestamp).toBe(m.timestamp);
    expect(copy.timestamp % 1_000_000n).toBe(BigInt(subNs));
    expect(m.owedStampEpochMs).toBe(-1); // read: no longer owed
    expect(copy.uuid.length).toBe(16);
    expect(copy.uuidOwed).toBe(false);
  });

  it('a timestamp or uuid that was set is not owed', () => {
    const m = Message.create();
    m.timestamp = 5n;
    m.uuid = UUID;
    expect([m.owedStampEpochMs, m.uuidOwed]).toEqual([-1, false]);
    expect([new Message().owedStampEpochMs, new Message().uuidOwed]).toEqual([-1, false]);
  });
});
