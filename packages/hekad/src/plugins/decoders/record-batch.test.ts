import { Field, Message, ValueType, encodeMessage } from '@heka/core';
import { Pack } from '../../pipeline/pack.js';
import { RecordBatchWriter, recordAt, type RecordBatch } from './record-batch.js';

/** A log line's record as an input makes it: created, its payload in the read chunk, decorated. */
function lineRecord(chunk: Uint8Array, start: number, end: number, stampMs: number, decorate: (m: Message) => void): Pack {
  const m = Message.create(undefined, stampMs);
  m._logger = 'nginx_input';
  m.setPayloadIn(chunk, start, end);
  decorate(m);
  return new Pack(m);
}

const logfile = (m: Message): void => {
  m.type = 'logfile';
  m.hostname = 'web-1';
};

/** Both threads' view of a record, encoded: uuid left out (owed, so random on either side). */
function encodedWithoutUuid(m: Message): string {
  const copy = new Message({
    timestamp: m.timestamp, type: m._type, logger: m._logger, severity: m._severity, payload: m._payload,
    envVersion: m._envVersion, pid: m._pid, hostname: m._hostname, fields: m.fields,
  });
  return Buffer.from(encodeMessage(copy)).toString('hex');
}

/** Every record of a batch again, as the worker makes each one (recordAt). */
function readRecords(batch: RecordBatch): Pack[] {
  return Array.from(batch.ends, (_, i) => recordAt(batch, i));
}

/** Sent through the structured clone a worker's postMessage uses. */
function overTheWire(batch: RecordBatch): RecordBatch {
  return structuredClone(batch);
}

describe('record batches for a decoder worker', () => {
  const chunk = Buffer.from('first line\nsecond line\n\nfourth, after an empty one\n');
  const lines: [number, number][] = [[0, 10], [11, 22], [23, 23], [24, 50]];

  it('log lines arrive as the same records: payload, headers, timestamp, uuid still owed', () => {
    const stamp = 1234.567891;
    const packs = lines.map(([s, e]) => lineRecord(chunk, s, e, stamp, logfile));
    const received = readRecords(overTheWire(new RecordBatchWriter().write(packs)));
    // the senders' records were not touched (their uuid and timestamp still owed)
    expect(packs.every((p) => p.bytes === undefined && p.message.uuidOwed && p.message.owedStampEpochMs >= 0)).toBe(true);
    expect(received.map((p) => p.message.payload)).toEqual(['first line', 'second line', '', 'fourth, after an empty one']);
    for (const p of received) {
      expect(p.bytes).toBeUndefined();
      expect(p.message.uuidOwed).toBe(true);
    }
    expect(received.map((p) => encodedWithoutUuid(p.message))).toEqual(packs.map((p) => encodedWithoutUuid(p.message)));
  });

  it('records whose headers change within a batch keep their own headers', () => {
    const packs = [
      lineRecord(chunk, 0, 10, 1, logfile),
      lineRecord(chunk, 11, 22, 2.5, (m) => { m.type = 'other'; m.severity = 3; m.pid = 77; }),
      lineRecord(chunk, 24, 50, 3, logfile),
    ];
    const batch = new RecordBatchWriter().write(packs);
    expect(batch.headers).toHaveLength(3);
    const received = readRecords(overTheWire(batch));
    expect(received.map((p) => [p.message.type, p.message._severity, p.message._pid])).toEqual([['logfile', undefined, undefined], ['other', 3, 77], ['logfile', undefined, undefined]]);
    expect(received.map((p) => encodedWithoutUuid(p.message))).toEqual(packs.map((p) => encodedWithoutUuid(p.message)));
  });

  it('records that are more than a log line go whole, byte for byte', () => {
    const withBytes = new Pack(new Message({ type: 't', payload: 'from bytes', timestamp: 5n }));
    withBytes.bytes = encodeMessage(withBytes.message).slice();
    const withField = lineRecord(chunk, 0, 10, 1, logfile);
    withField.message.fields.push(new Field({ name: 'n', valueType: ValueType.INTEGER, values: [1n] }));
    const uuidRead = lineRecord(chunk, 11, 22, 1, logfile);
    const uuid = uuidRead.message.uuid;
    const stampRead = lineRecord(chunk, 24, 50, 1, logfile);
    const timestamp = stampRead.message.timestamp;
    const line = lineRecord(chunk, 0, 10, 9, logfile);
    const packs = [withBytes, withField, uuidRead, stampRead, line];
    const expectedWhole = packs.slice(0, 4).map((p) => Buffer.from(p.bytes ?? encodeMessage(p.message)).toString('hex'));
    const received = readRecords(overTheWire(new RecordBatchWriter().write(packs)));
    expect(received.slice(0, 4).map((p) => Buffer.from(p.bytes!).toString('hex'))).toEqual(expectedWhole);
    expect(received[1]!.message.fields.map((f) => f.name)).toEqual(['n']);
    expect(Buffer.from(received[2]!.message.uuid)).toEqual(Buffer.from(uuid));
    expect(received[3]!.message.timestamp).toBe(timestamp);
    expect(received[4]!.bytes).toBeUndefined();
    expect(received[4]!.message.payload).toBe('first line');
  });

  it('payloads from several chunks, far apart or in any order, and longer than guessed', () => {
    const long = Buffer.alloc(5000, 'x');
    const other = Buffer.from('zzz line in another chunk\n');
    const packs = [
      lineRecord(chunk, 24, 50, 1, logfile),
      lineRecord(chunk, 0, 10, 1, logfile), // before the previous one: a new run
      lineRecord(other, 4, 25, 1, logfile),
      lineRecord(long, 0, 5000, 1, logfile),
      lineRecord(long, 100, 200, 1, logfile), // overlaps the previous
      lineRecord(chunk, 11, 22, 1, logfile),
    ];
    const received = readRecords(overTheWire(new RecordBatchWriter().write(packs)));
    expect(received.map((p) => p.message.payload)).toEqual(packs.map((p) => p.message.payload));
  });

  it('a writer makes a new batch each time (the last one was transferred)', () => {
    const writer = new RecordBatchWriter();
    const a = writer.write([lineRecord(chunk, 0, 10, 1, logfile)]);
    const b = writer.write([lineRecord(chunk, 11, 22, 1, logfile)]);
    expect(a.data.buffer).not.toBe(b.data.buffer);
    expect(readRecords(a)[0]!.message.payload).toBe('first line');
    expect(readRecords(b)[0]!.message.payload).toBe('second line');
  });
});
