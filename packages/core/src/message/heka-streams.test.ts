// Byte streams written by real Heka 0.10 tools (shared/fixtures/README.md): every record must be
// found and decoded, re-encode to the same bytes, and verify when signed.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeMessage, encodeMessage } from './codec.js';
import { ValueType } from './field.js';
import { FrameReader, type FrameItem, type FrameRecord } from './frame-reader.js';
import { verifyRecord } from './signing.js';

// shared/ sits beside the repository, in the CI checkout as well.
const STREAMS = fileURLToPath(new URL('../../../../../shared/fixtures/heka-streams/', import.meta.url));
const KEY = '4865ey9urgkidls xtb0[7lf9rzcivthkm';
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function readStream(name: string, chunkSize = Infinity): FrameItem[] {
  const stream = readFileSync(STREAMS + name);
  const reader = new FrameReader();
  const items: FrameItem[] = [];
  for (let i = 0; i < stream.length; i += chunkSize) {
    reader.push(stream.subarray(i, i + chunkSize));
    for (let item = reader.next(); item !== undefined; item = reader.next()) items.push(item);
  }
  return items.concat(reader.finish());
}

const records = (items: FrameItem[]): FrameRecord[] => items.filter((i): i is FrameRecord => i.kind === 'record');

/** Re-encodes a message both ways: fields untouched (copied) and fields decoded. */
function expectSameBytes(message: Uint8Array): void {
  expect(hex(encodeMessage(decodeMessage(message)))).toBe(hex(message));
  const msg = decodeMessage(message);
  expect(msg.fields.length).toBeGreaterThanOrEqual(0);
  expect(hex(encodeMessage(msg))).toBe(hex(message));
}

const summary = (f: { name: string; valueType: number; representation: string; values: unknown[] }): unknown[] => [f.name, f.valueType, f.representation, f.values];

describe('nginx-access-decoded.hpb (FileOutput of nginx_access.lua)', () => {
  const items = readStream('nginx-access-decoded.hpb');

  it('holds one record per log line, each re-encoding to the same bytes', () => {
    const lines = readFileSync(STREAMS + 'nginx-access.log', 'utf8').trimEnd().split('\n');
    expect(items.length).toBe(lines.length);
    expect(items.every((i) => i.kind === 'record')).toBe(true);
    for (const { message } of records(items)) expectSameBytes(message);
  });

  it('decodes the fields the Lua decoder made, with the value types and representations it chose', () => {
    const msg = decodeMessage(records(items)[0]!.message);
    expect([msg.uuidString, msg.timestamp, msg.type, msg.logger, msg._severity, msg._pid, msg.hostname, msg._payload, msg._envVersion])
      .toEqual(['3e23aa3d-d5d9-45fd-a95c-641d09569d4a', 1795240801000000000n, 'nginx.access', 'nginx', 7, 0, 'vm', undefined, undefined]);
    expect(msg.fields.map(summary)).toEqual([
      ['body_bytes_sent', ValueType.DOUBLE, 'B', [238272]],
      ['remote_addr', ValueType.STRING, 'ipv4', ['113.0.0.0']],
      ['http_user_agent', ValueType.STRING, '', ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0']],
      ['request', ValueType.STRING, '', ['GET /api/v2/orders/0?q=47072 HTTP/1.1']],
      ['remote_user', ValueType.STRING, '', ['-']],
      ['status', ValueType.DOUBLE, '', [500]],
      ['http_referer', ValueType.STRING, '', ['-']],
    ]);
    // The sandbox leaves out value_type for strings and empty representations.
    expect(msg.fields.map((f) => [f._valueTypeSet, f._representationSet])).toEqual([
      [true, true], [false, true], [false, false], [false, false], [false, false], [true, false], [false, false],
    ]);
  });
});

describe('inject.hpb (heka-inject)', () => {
  it('holds the one message heka-inject sent', () => {
    const [record, ...rest] = readStream('inject.hpb');
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ kind: 'record', offset: 0, header: { message_length: 96, hmac: undefined } });
    const { message } = record as FrameRecord;
    expectSameBytes(message);
    const msg = decodeMessage(message);
    expect([msg.uuidString, msg.timestamp, msg.type, msg.logger, msg.severity, msg.payload, msg._envVersion, msg.pid, msg.hostname, msg.fields])
      .toEqual(['ca558d9d-3b50-4507-9bc6-691f76042493', 1795240557504262506n, 'demo.inject', 'fixture', 4, 'hello from heka-inject', undefined, 1234, 'fixture.example', []]);
  });
});

describe('sbmgr-load-signed.hpb (heka-sbmgr -action=load, MD5 signed)', () => {
  const [record, ...rest] = readStream('sbmgr-load-signed.hpb') as FrameRecord[];

  it('holds one signed record that verifies with signer ops, version 0', () => {
    expect(rest).toEqual([]);
    expect(record!.header).toMatchObject({ hmac_signer: 'ops', hmac_key_version: 0, hmac_hash_function: 0 });
    expect(hex(record!.header.hmac!)).toBe('d9eb5015db3f007745abec8edbbd90e1');
    expect(verifyRecord(record!.header, record!.message, new Map([['ops_0', KEY]]), { headerLength: record!.record[1]! })).toEqual({ ok: true, signer: 'ops' });
    expect(verifyRecord(record!.header, record!.message, new Map([['ops_0', KEY + 'x']]))).toMatchObject({ ok: false, reason: 'bad-hmac' });
    expect(verifyRecord(record!.header, record!.message, new Map([['ops_1', KEY]]))).toMatchObject({ ok: false, reason: 'unknown-signer' });
  });

  it('decodes the sandbox load request and re-encodes it byte for byte', () => {
    expectSameBytes(record!.message);
    const msg = decodeMessage(record!.message);
    expect([msg.type, msg.logger, msg.hostname, msg.payload, msg._severity]).toEqual(['heka.control.sandbox', 'hekad', 'vm', 'function process_message() return 0 end\n', undefined]);
    expect(msg.fields.map(summary)).toEqual([
      ['config', ValueType.STRING, 'toml', ['[Example]\ntype = "SandboxFilter"\nmessage_matcher = "TRUE"\n']],
      ['action', ValueType.STRING, '', ['load']],
    ]);
  });
});

describe('flood-variable-signed.hpb (heka-flood: 60 variable messages, 25% signed, 2% corrupt)', () => {
  const items = readStream('flood-variable-signed.hpb');
  const found = records(items);
  const signers = new Map([['bench_1', KEY]]);

  it('is 60 records and nothing else: corruption hit message bytes, never the framing', () => {
    expect(items.length).toBe(60);
    expect(found.length).toBe(60);
    expect(readStream('flood-variable-signed.hpb', 65536)).toEqual(items.map((i) => expect.objectContaining({ kind: 'record', offset: i.offset })));
    expect(readStream('flood-variable-signed.hpb', 997).length).toBe(60);
  });

  it('signs every 4th send with SHA-1 (floor(n × 25%) changes), and every signature verifies', () => {
    const signed = found.map((r, i) => [i, r.header.hmac !== undefined] as const).filter(([, s]) => s).map(([i]) => i);
    expect(signed).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52, 56]);
    for (const r of found) {
      const result = verifyRecord(r.header, r.message, signers, { headerLength: r.record[1]! });
      expect(result).toEqual(r.header.hmac === undefined ? { ok: true } : { ok: true, signer: 'bench' });
      if (r.header.hmac !== undefined) expect(r.header).toMatchObject({ hmac_hash_function: 1, hmac_signer: 'bench', hmac_key_version: 1 });
    }
  });

  it('decodes every message and re-encodes it byte for byte', () => {
    for (const { message } of found) expectSameBytes(message);
  });

  it('shows the one corrupted send (floor(n × 2%) changes at n = 50): a byte of its zero filler replaced', () => {
    const nonZeroFillerBytes = found.map(({ message }) => {
      const filler = decodeMessage(message).field('filler')!;
      expect(filler.valueType).toBe(ValueType.BYTES);
      return (filler.value() as Uint8Array).filter((b) => b !== 0).length;
    });
    expect(nonZeroFillerBytes.flatMap((n, i) => (n > 0 ? [[i, n]] : []))).toEqual([[50, 1]]);
  });

  it('builds messages as heka-flood does: hekabench, logger flood, fields named by type and index', () => {
    for (const { message } of found) {
      const msg = decodeMessage(message);
      expect([msg.type, msg.logger, msg.envVersion, msg._severity]).toEqual(['hekabench', 'flood', '0.2', undefined]);
      expect(Buffer.from(msg.payloadBytes.subarray(0, 16)).toString()).toBe('hekabench: vm - ');
      for (const f of msg.fields) {
        if (f.name === 'filler') continue;
        const [, kind, index] = /^(string|bytes|int|double|bool)(\d)$/.exec(f.name) ?? [];
        const i = Number(index);
        const value = f.value();
        const expected = { string: `value${i}`, bytes: hex(new Uint8Array(8).fill(i)), int: BigInt(i), double: i, bool: true }[kind!];
        expect(value instanceof Uint8Array ? hex(value) : value).toEqual(expected);
      }
    }
  });

  it('rejects a signed record whose message was changed', () => {
    const r = found[4]!;
    const changed = Uint8Array.from(r.message);
    changed[100] = changed[100]! ^ 0xff;
    expect(verifyRecord(r.header, changed, signers)).toMatchObject({ ok: false, reason: 'bad-hmac' });
  });
});
