#!/usr/bin/env node
// Writes the sample stream files in fixtures/streams/ from the built @heka/core (run `pnpm build`
// first). Everything is deterministic (fixed uuids, timestamps, a seeded generator), so
// `--check` can verify the committed files are what this script makes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Field, Message, ValueType, encodeMessage, frameMessage } from '../packages/core/dist/index.js';
import { hekaTestMessage } from '../packages/core/dist/testing/index.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'streams');
const BASE_TS = 1_795_219_200_000_000_000n; // 2026-11-21T00:00:00Z
const KEY = 'fixture-key';

/** mulberry32: a small seeded generator, so the files never change between runs. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuidFor(n) {
  const u = new Uint8Array(16);
  new DataView(u.buffer).setUint32(12, n);
  u[0] = 0x5e; u[6] = 0x40; u[8] = 0x80;
  return u;
}

const frame = (msg, signer) => frameMessage(encodeMessage(msg), signer);
const cat = (parts) => Buffer.concat(parts.map((p) => Buffer.from(p)));
const field = (name, valueType, values, representation = '') => new Field({ name, valueType, values, representation });

function hekaTestStream(withSeverity) {
  return frame(hekaTestMessage({ withSeverity, uuid: uuidFor(1), timestamp: BASE_TS, pid: 4242, hostname: 'heka-test.example' }));
}

function allValueTypes() {
  const rich = new Message({
    uuid: uuidFor(10), timestamp: BASE_TS + 1n, type: 'fixture.values', logger: 'make-stream-fixtures',
    severity: 3, payload: 'every value type', envVersion: '1', pid: 99, hostname: 'values.example',
    fields: [
      field('text', ValueType.STRING, ['plain', 'ünïcödé', 'quote " and \\ and\nnewline']),
      field('blob', ValueType.BYTES, [Uint8Array.from([0, 1, 0xfe, 0xff]), new Uint8Array(0)]),
      field('count', ValueType.INTEGER, [0n, 1n, -1n, 9_223_372_036_854_775_807n, -9_223_372_036_854_775_808n], 'count'),
      field('ratio', ValueType.DOUBLE, [0.5, -1e-7, 1e21, 3.141592653589793], '%'),
      field('flag', ValueType.BOOL, [true, false]),
      field('text', ValueType.STRING, ['second field named text']),
      field('when', ValueType.STRING, ['2026-11-21T00:00:00Z'], 'date-time'),
    ],
  });
  const negative = new Message({ uuid: uuidFor(11), timestamp: -1n, type: 'fixture.negative', severity: -1, pid: -2 });
  const binary = new Message({ uuid: uuidFor(12), timestamp: BASE_TS + 2n, type: 'fixture.binary', payload: Uint8Array.from([0x6f, 0x6b, 0xff, 0xfe, 0x0a]) });
  const bare = new Message({ uuid: uuidFor(13), timestamp: BASE_TS + 3n });
  return cat([frame(rich), frame(negative), frame(binary), frame(bare)]);
}

function signed() {
  const msg = (n, type) => new Message({ uuid: uuidFor(n), timestamp: BASE_TS + BigInt(n), type, logger: 'signer', payload: `message ${n}` });
  return cat([
    frame(msg(20, 'fixture.unsigned')),
    frame(msg(21, 'fixture.md5'), { name: 'ops', hmacHash: 'md5', key: KEY, version: 0 }),
    frame(msg(22, 'fixture.sha1'), { name: 'bench', hmacHash: 'sha1', key: KEY, version: 1 }),
  ]);
}

function corrupt() {
  const msg = (n) => frame(new Message({ uuid: uuidFor(n), timestamp: BASE_TS + BigInt(n), type: 'fixture.corrupt', payload: `record ${n}` }));
  const badSeparator = Buffer.from(msg(33));
  badSeparator[2 + badSeparator[1]] = 0x20; // the 0x1F after the header is gone
  const oversized = Buffer.from([0x1e, 0x05, 0x08, 0x80, 0x80, 0x80, 0x08, 0x1f]); // announces a 16 MiB message
  const undecodable = frameMessage(Uint8Array.from([0x0a, 0x10, 0x01, 0x02])); // uuid field cut short
  const truncated = msg(36).subarray(0, 20);
  return cat([Buffer.from('garbage before the first record\n'), msg(30), msg(31), Buffer.from([0x00, 0x1e, 0xff]), msg(32), badSeparator, oversized, msg(34), undecodable, msg(35), truncated]);
}

function webAccess() {
  const rand = random(20261121);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const paths = ['/', '/index.html', '/api/v1/orders', '/api/v1/users/42', '/static/app.js', '/search?q=heka', '/login'];
  const statuses = [200, 200, 200, 200, 200, 200, 301, 304, 404, 404, 500, 502, 503];
  const records = [];
  for (let i = 0; i < 1000; i++) {
    const status = pick(statuses);
    const request = `${pick(['GET', 'GET', 'GET', 'POST'])} ${pick(paths)} HTTP/1.1`;
    const addr = `10.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${1 + Math.floor(rand() * 254)}`;
    const bytes = Math.floor(rand() * 50_000);
    const ts = BASE_TS + BigInt(i) * 250_000_000n;
    records.push(frame(new Message({
      uuid: uuidFor(1000 + i), timestamp: ts, type: 'nginx.access', logger: 'web-01', severity: 7,
      payload: `${addr} - - [21/Nov/2026:00:00:00 +0000] "${request}" ${status} ${bytes} "-" "curl/8.5.0"`,
      pid: 0, hostname: 'web-01.example',
      fields: [
        field('remote_addr', ValueType.STRING, [addr], 'ipv4'),
        field('request', ValueType.STRING, [request]),
        field('status', ValueType.INTEGER, [BigInt(status)]),
        field('body_bytes_sent', ValueType.INTEGER, [BigInt(bytes)], 'B'),
        field('request_time', ValueType.DOUBLE, [Math.round(rand() * 2000) / 1000], 's'),
        field('http_user_agent', ValueType.STRING, ['curl/8.5.0']),
      ],
    })));
  }
  return cat(records);
}

const FILES = {
  'heka-test-message.hpb': () => hekaTestStream(true),
  'heka-test-message-no-severity.hpb': () => hekaTestStream(false),
  'all-value-types.hpb': allValueTypes,
  'signed.hpb': signed,
  'corrupt.hpb': corrupt,
  'web-access.hpb': webAccess,
};

const check = process.argv.includes('--check');
let stale = 0;
for (const [name, make] of Object.entries(FILES)) {
  const bytes = make();
  const path = join(outDir, name);
  if (check) {
    let current;
    try { current = readFileSync(path); } catch { current = undefined; }
    if (!current || !current.equals(bytes)) {
      stale++;
      console.error(`${path} is not what scripts/make-stream-fixtures.js makes; run it to refresh the file`);
    }
  } else {
    writeFileSync(path, bytes);
    console.log(`wrote ${path} (${bytes.length} bytes)`);
  }
}
process.exit(stale > 0 ? 1 : 0);
