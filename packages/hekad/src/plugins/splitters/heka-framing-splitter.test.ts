// HekaFramingSplitter: spec §1.7 vectors, authentication, resynchronisation, and real Heka streams.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@heka/core/testing';
import { chunkings, latin1, split, splitterSection } from './splitter-harness.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const MESSAGE = hex('0a10 00000000000000000000000000000000 1001 1a0174');
const UNSIGNED = Buffer.concat([hex('1e 02 0817 1f'), MESSAGE]);
const MD5 = Buffer.concat([hex('1e1c 0817 220474657374 2800 3210 749e6f4c293dc3929b73ee8c0e5013d7 1f'), MESSAGE]);
const SHA1 = Buffer.concat([hex('1e22 0817 1801 220474657374 2800 3214 a9f22165b9a0937fa8371a4e1bd635a1075422c5 1f'), MESSAGE]);
const TEST_SIGNER = 'type = "HekaFramingSplitter"\n[s.signer.test_0]\nhmac_key = "test-key"';

describe('spec §1.7 vectors', () => {
  it.each([['unsigned', UNSIGNED, undefined], ['MD5', MD5, 'test'], ['SHA-1', SHA1, 'test']] as const)('%s: the message bytes, with the verified signer', (_name, frame, signer) => {
    const { records, problems } = split(TEST_SIGNER, frame);
    expect(records).toEqual([{ bytes: new Uint8Array(MESSAGE), kind: 'message', offset: frame.length, signer, truncated: false }]);
    expect(problems).toEqual([]);
  });

  it.each([
    ['no signer configured', 'type = "HekaFramingSplitter"', 'unknown-signer', 'no key for signer test_0'],
    ['another key version', 'type = "HekaFramingSplitter"\n[s.signer.test_1]\nhmac_key = "test-key"', 'unknown-signer', 'no key for signer test_0'],
    ['the wrong key', 'type = "HekaFramingSplitter"\n[s.signer.test_0]\nhmac_key = "other"', 'bad-hmac', 'HMAC mismatch for signer test_0'],
  ] as const)('drops signed records with %s', (_name, section, reason, message) => {
    for (const frame of [MD5, SHA1]) {
      const result = split(section, Buffer.concat([frame, UNSIGNED]));
      expect(result.records.map((r) => r.offset)).toEqual([frame.length + UNSIGNED.length]);
      expect(result.stats.dropped[reason]).toBe(1);
      expect(result.problems).toEqual([{ kind: 'record-dropped', reason, message, offset: frame.length }]);
    }
  });

  it('skip_authentication accepts signed records without a signer', () => {
    const { records } = split('type = "HekaFramingSplitter"\nskip_authentication = true', Buffer.concat([MD5, SHA1]));
    expect(records.map((r) => [latin1(r.bytes), r.signer])).toEqual([[latin1(MESSAGE), undefined], [latin1(MESSAGE), undefined]]);
  });

  it('drops an unfinished final record whose header is cut, even with deliver_incomplete_final', () => {
    const result = split(TEST_SIGNER.replace('\n', '\ndeliver_incomplete_final = true\n'), MD5.subarray(0, 10));
    expect(result.records).toEqual([]);
    expect(result.problems).toEqual([{ kind: 'record-dropped', reason: 'bad-header', message: 'incomplete framing header', offset: 10 }]);
  });

  it('delivers a payload when use_message_bytes is false', () => {
    expect(split('type = "HekaFramingSplitter"\nuse_message_bytes = false', UNSIGNED).records[0]?.kind).toBe('payload');
  });
});

describe('signers of the input (TcpInput/UdpInput signer tables)', () => {
  it('accepts a record signed with a key the input adds; the splitter\'s own key wins for the same name', () => {
    const { splitter } = splitterSection('type = "HekaFramingSplitter"\n[s.signer.test_0]\nhmac_key = "other"');
    splitter.acceptSigners!(new Map([['test_0', 'test-key']]));
    expect(splitter.unframe!(MD5)).toMatchObject({ ok: false, reason: 'bad-hmac' });
    const bare = splitterSection('type = "HekaFramingSplitter"').splitter;
    expect(bare.unframe!(MD5)).toMatchObject({ ok: false, reason: 'unknown-signer' });
    bare.acceptSigners!(new Map([['test_0', 'test-key']]));
    expect(bare.unframe!(MD5)).toEqual({ ok: true, bytes: new Uint8Array(MESSAGE), signer: 'test' });
  });
});

describe('finding records (spec §1.6)', () => {
  // Garbage, a separator with a header that is not one, a record, a separator and length byte
  // that lead nowhere, a header refused for its message_length, then a signed record.
  const TOO_LONG = hex('1e 04 08f0a204 1f');
  const stream = Buffer.concat([Buffer.from('xx'), UNSIGNED, Buffer.from('\x1e\x05junk\x1e', 'latin1'), TOO_LONG, MD5, Buffer.from('\x1e')]);

  it.each(chunkings(stream.length).map((c) => [c.join('+'), c] as const))('chunks %s', (_label, chunks) => {
    const result = split(TEST_SIGNER, stream, chunks);
    expect(result.records.map((r) => [latin1(r.bytes), r.signer, r.offset])).toEqual([
      [latin1(MESSAGE), undefined, 2 + UNSIGNED.length],
      [latin1(MESSAGE), 'test', stream.length - 1],
    ]);
    expect(result.problems.filter((p) => p.kind === 'message-too-large').map((p) => p.message)).toEqual(['message exceeds the maximum length [65536 bytes] len: 70000']);
    expect(result.stats.dropped.incomplete).toBe(1);
    // 'xx', '\x1e\x05junk\x1e' that leads nowhere, and the header refused for its length.
    expect(result.stats.skipped).toBe(2 + 7 + TOO_LONG.length);
  });

  it('follows [hekad] max_message_size', () => {
    const result = split('type = "HekaFramingSplitter"', TOO_LONG, undefined, { hekad: '[hekad]\nmax_message_size = 80000\n' });
    expect(result.problems).toEqual([{ kind: 'record-dropped', reason: 'incomplete', message: 'the input ended inside a record; 7 bytes were not delivered (set deliver_incomplete_final = true on the splitter to deliver them)', offset: 0 }]);
  });
});

describe('streams written by Heka 0.10', () => {
  const KEY = '4865ey9urgkidls xtb0[7lf9rzcivthkm';
  const stream = (name: string): Buffer => readFileSync(join(repoRoot, '..', 'shared', 'fixtures', 'heka-streams', name));
  const signer = (key: string, value = KEY): string => `type = "HekaFramingSplitter"\n[s.signer.${key}]\nhmac_key = "${value}"`;

  it.each([[[65536]], [[4096]], [[1]]])('sbmgr-load-signed.hpb (MD5, ops version 0) in chunks of %j', (chunks) => {
    const data = stream('sbmgr-load-signed.hpb');
    const accepted = split(signer('ops_0'), data, chunks);
    expect(accepted.records.map((r) => [r.signer, r.offset])).toEqual([['ops', data.length]]);
    expect(split(signer('ops_1'), data, chunks).stats.dropped['unknown-signer']).toBe(1);
    expect(split(signer('ops_0', 'wrong'), data, chunks).stats.dropped['bad-hmac']).toBe(1);
  });

  it.each([[[65536]], [[1000]]])('flood-variable-signed.hpb (SHA-1, bench version 1) in chunks of %j', (chunks) => {
    const data = stream('flood-variable-signed.hpb');
    const accepted = split(signer('bench_1'), data, chunks);
    expect(accepted.records).toHaveLength(60);
    expect(accepted.records.filter((r) => r.signer === 'bench')).toHaveLength(14);
    expect(accepted.records.at(-1)?.offset).toBe(data.length);
    expect(accepted.problems).toEqual([]);

    const unknown = split('type = "HekaFramingSplitter"', data, chunks);
    expect(unknown.records).toHaveLength(46);
    expect(unknown.stats.dropped['unknown-signer']).toBe(14);
    expect(split(signer('bench_1', 'wrong'), data, chunks).stats.dropped['bad-hmac']).toBe(14);
  });
});
