// heka-flood as users run it (bin/heka-flood) against real servers on 127.0.0.1; the variable
// signed stream is compared with what Heka 0.10's heka-flood sent for the same test section.
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameReader, ValueType, decodeMessage, serverTlsOptions, verifyRecord, type FrameRecord, type Message } from '@heka/core';
import { FrameSink, decodeTlsSettings, freePort, makeTestCertificates, repoRoot, runBin } from '@heka/core/testing';
import { runFlood, startFlood, unprefixed, writeConfig } from './run-flood.js';

const HEKA_STREAMS = join(repoRoot, '..', 'shared', 'fixtures', 'heka-streams');
const KEY = '4865ey9urgkidls xtb0[7lf9rzcivthkm';
const SIGNER = `[default.signer]\nname = "bench"\nhmac_hash = "sha1"\nhmac_key = "${KEY}"\nversion = 1\n`;
const VARIABLE_SIGNED = 'num_messages = 60\nvariable_size_messages = true\nsigned_percentage = 25.0\ncorrupt_percentage = 2.0\nsender = "tcp"\n';

let dir: string;
let sink: FrameSink | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'heka-flood-')); });
afterEach(async () => {
  await sink?.close();
  sink = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function readRecords(path: string): FrameRecord[] {
  const reader = new FrameReader();
  reader.push(readFileSync(path));
  return reader.finish().filter((i): i is FrameRecord => i.kind === 'record');
}

/** Top-level protobuf tags of a message, in wire order. */
function tags(message: Message): string {
  return decodeMessageTags(message);
}
function decodeMessageTags(m: Message): string {
  const parts: string[] = [];
  if (m.uuid.length) parts.push('uuid');
  parts.push('timestamp');
  for (const [name, value] of [['type', m._type], ['logger', m._logger], ['severity', m._severity], ['payload', m._payload], ['env_version', m._envVersion], ['pid', m._pid], ['hostname', m._hostname]] as const) {
    if (value !== undefined) parts.push(name);
  }
  return parts.join(',');
}

/** What Heka's variable messages look like: field names in groups, each of its type and value. */
function expectVariableShape(m: Message, host: string): void {
  expect([m.type, m.logger, m.envVersion, m._severity]).toEqual(['hekabench', 'flood', '0.2', undefined]);
  expect(m.hostname).toBe(host);
  const prefix = Buffer.from(`hekabench: ${host} - `);
  const payload = Buffer.from(m._payload as Uint8Array | string);
  expect(payload.subarray(0, prefix.length)).toEqual(prefix);
  expect([0, 1024, 2048]).toContain(payload.length - prefix.length);
  const names = m.fields.map((f) => f.name).join(' ');
  expect(names).toMatch(/^(string\d )*(bytes\d )*(int\d )*(double\d )*(bool\d )*filler$/);
  for (const f of m.fields) {
    const i = Number(f.name.replace(/\D/g, ''));
    expect(f.representation).toBe('');
    if (f.name.startsWith('string')) expect([f.valueType, f.values]).toEqual([ValueType.STRING, [`value${i}`]]);
    if (f.name.startsWith('bytes')) expect([f.valueType, f.values]).toEqual([ValueType.BYTES, [new Uint8Array(8).fill(i)]]);
    if (f.name.startsWith('int')) expect([f.valueType, f.values]).toEqual([ValueType.INTEGER, [BigInt(i)]]);
    if (f.name.startsWith('double')) expect([f.valueType, f.values]).toEqual([ValueType.DOUBLE, [i]]);
    if (f.name.startsWith('bool')) expect([f.valueType, f.values]).toEqual([ValueType.BOOL, [true]]);
    if (f.name === 'filler') {
      const filler = f.values[0] as Uint8Array;
      expect(f.valueType).toBe(ValueType.BYTES);
      expect(filler.length % 1024).toBe(0);
      expect(filler.length).toBeLessThan(60 * 1024);
      expect(filler.every((b) => b === 0)).toBe(true);
    }
  }
  expect(m.fields.length).toBeLessThanOrEqual(21);
}

describe('heka-flood variable signed messages', () => {
  it('sends frames structurally identical to Heka\'s capture: kinds in the same order, same headers, same message layout', async () => {
    const heka = readRecords(join(HEKA_STREAMS, 'flood-variable-signed.hpb'));
    sink = await FrameSink.start();
    const config = writeConfig(dir, 'default', `ip_address = "${sink.address}"\n${VARIABLE_SIGNED}${SIGNER}`);
    const run = await runFlood(['-config', config]);
    expect(run.stderr).toBe('');
    expect(unprefixed(run.stdout).at(-1)).toBe('Clean shutdown:  60  messages sent;  60  messages delivered.');
    expect(run.code).toBe(0);
    // One send in 50 is corrupted (the 51st): one random byte, which may break its frame.
    await sink.waitFor(59);
    const ours = sink.records;
    const signedAt = (records: FrameRecord[]): number[] => records.flatMap((r, i) => (r.header.hmac ? [i] : []));
    // The corruption is at send 50, so the first 50 frames are intact in both streams.
    expect(signedAt(ours.slice(0, 50))).toEqual(signedAt(heka.slice(0, 50)));
    expect(signedAt(ours.slice(0, 50))).toEqual([4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48]);
    const keys = new Map([['bench_1', KEY]]);
    const hekaTagSets = new Set(heka.map((r) => tags(decodeMessage(r.message))));
    let verified = 0;
    for (const [i, r] of ours.slice(0, 50).entries()) {
      const like = heka[i]!;
      // Same header layout: signed ones SHA-1 by bench v1 with a 20-byte HMAC, unsigned ones only a length.
      expect([r.header.hmac_hash_function, r.header.hmac_signer, r.header.hmac_key_version, r.header.hmac?.length])
        .toEqual([like.header.hmac_hash_function, like.header.hmac_signer, like.header.hmac_key_version, like.header.hmac?.length]);
      if (r.header.hmac) {
        expect(verifyRecord(r.header, r.message, keys)).toEqual({ ok: true, signer: 'bench' });
        verified++;
      }
      const m = decodeMessage(r.message);
      expect(hekaTagSets).toContain(tags(m));
      expectVariableShape(m, hostname());
    }
    expect(verified).toBe(12);
    // Heka's own frames pass the same shape checks (with its host name).
    for (const r of heka.slice(0, 50)) expectVariableShape(decodeMessage(r.message), 'vm');
  });
});

describe('heka-flood fixed messages', () => {
  it('resends one fixed message (Heka\'s headers, no Logger), signed per signed_percentage, and prints the JSON summary', async () => {
    sink = await FrameSink.start();
    const config = writeConfig(dir, 'default', `ip_address = "${sink.address}"\nsender = "tcp"\nnum_messages = 20\nstatic_message_size = 300\nascii_only = true\nsigned_percentage = 50\n${SIGNER}`);
    const run = await runFlood(['-config', config, '-json']);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ test: 'default', sender: 'tcp', sent: 20, delivered: 20, signed: 9, corrupted: 0, errors: 0, reconnects: 0 });
    expect(unprefixed(run.stderr).at(-1)).toBe('Clean shutdown:  20  messages sent;  20  messages delivered.');
    await sink.waitFor(20);
    expect(summary['bytes']).toBe(sink.bytes);
    const messages = sink.records.map((r) => decodeMessage(r.message));
    const unsigned = sink.records.filter((r) => !r.header.hmac).map((r) => Buffer.from(r.record).toString('hex'));
    expect(new Set(unsigned).size).toBe(1);
    // floor(sent × 50%) moves on at sends 2, 4, … 18: 9 signed, 11 unsigned.
    expect(unsigned).toHaveLength(11);
    for (const m of messages) {
      expect([m.type, m._logger, m.severity, m.envVersion, m.pid, m.hostname, m.fields]).toEqual(['hekabench', undefined, 6, '0.8', expect.any(Number), hostname(), []]);
      expect(m.payload).toMatch(new RegExp(`^hekabench: ${hostname()} - [ -}]{300}$`));
    }
  });

  it('sends datagrams with sender = "udp"', async () => {
    const server = createSocket('udp4');
    const got: Buffer[] = [];
    server.on('message', (d) => got.push(d));
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    try {
      const config = writeConfig(dir, 'udp', `ip_address = "127.0.0.1:${(server.address() as AddressInfo).port}"\nsender = "udp"\nnum_messages = 50\nmessage_interval = "1ms"`);
      const run = await runFlood(['-config', config, '-test', 'udp', '-json']);
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ sent: 50, delivered: 50, sender: 'udp' });
      const deadline = Date.now() + 5000;
      while (got.length < 50 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(got).toHaveLength(50);
      const reader = new FrameReader();
      reader.push(got[0]!);
      const [item] = reader.finish();
      expect(item?.kind === 'record' && decodeMessage(item.message).type).toBe('hekabench');
    } finally {
      server.close();
    }
  });

  it('floods over TLS with use_tls and a [test.tls] table', async () => {
    const certs = makeTestCertificates(dir);
    sink = await FrameSink.start({ tls: serverTlsOptions(decodeTlsSettings({ cert_file: certs.serverCert, key_file: certs.serverKey })) });
    const config = writeConfig(dir, 'default', `ip_address = "${sink.address}"\nsender = "tcp"\nnum_messages = 100\nuse_tls = true\n[default.tls]\nroot_cafile = "${certs.caCert}"\nmin_version = "TLS12"\n`);
    const run = await runFlood(['-config', config]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    await sink.waitFor(100);
    expect(sink.skipped).toBe(0);
  });

  it('frames oversized messages past the maximum message size, so the receiver refuses them', async () => {
    sink = await FrameSink.start();
    const config = writeConfig(dir, 'default', `ip_address = "${sink.address}"\nsender = "tcp"\nnum_messages = 30\nvariable_size_messages = true\noversized_percentage = 10\n`);
    const run = await runFlood(['-config', config, '-json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 30, delivered: 30, oversized: 2 });
    // floor(sent × 10%) moves on at sends 10 and 20.
    await sink.waitFor(28);
    // The reader skips the two oversized records' headers and scans past their bytes.
    expect(sink.skipped).toBeGreaterThan(2 * 65536);
    expect(sink.records.every((r) => r.message.length <= 65536)).toBe(true);
  });

  it('refuses a max_message_size too small for the prepared messages', async () => {
    const config = writeConfig(dir, 'default', `ip_address = "127.0.0.1:1"\nsender = "tcp"\nstatic_message_size = 5000\nmax_message_size = 4096\n`);
    const run = await runFlood(['-config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^heka-flood: cannot prepare the test messages: Message too big, requires \d+ \(MAX_MESSAGE_SIZE = 4096\)\n  hint: lower static_message_size or raise max_message_size\n$/);
  });
});

describe('heka-flood connection handling', () => {

  it('without reconnect_on_error, exits 1 with Heka\'s "Error creating sender" line', async () => {
    const port = await freePort();
    const config = writeConfig(dir, 'default', `ip_address = "127.0.0.1:${port}"\nsender = "tcp"\nnum_messages = 5`);
    const run = await runFlood(['-config', config]);
    expect(run.code).toBe(1);
    expect(unprefixed(run.stderr)).toEqual([`Error creating sender: dial tcp 127.0.0.1:${port}: connect: connection refused`]);
  });

  it('with reconnect_on_error, redials every reconnect_interval until the peer is there', async () => {
    const port = await freePort();
    const config = writeConfig(dir, 'default', `ip_address = "127.0.0.1:${port}"\nsender = "tcp"\nnum_messages = 30\nreconnect_on_error = true\nreconnect_interval = 1`);
    const running = startFlood(['-config', config]);
    await running.waitForStderr('Error creating sender');
    sink = await FrameSink.start({ port });
    const run = await running.done;
    expect(run.code).toBe(0);
    expect(unprefixed(run.stdout)).toContain('Attempting to reconnect...');
    expect(unprefixed(run.stderr)[0]).toBe(`Error creating sender: dial tcp 127.0.0.1:${port}: connect: connection refused`);
    await sink.waitFor(30);
  });
});

describe('heka-flood until Ctrl-C', () => {
  it('prints Heka\'s progress line every second and, on SIGINT, the Clean shutdown line with every send delivered', async () => {
    sink = await FrameSink.start();
    const config = writeConfig(dir, 'default', `ip_address = "${sink.address}"\nsender = "tcp"\nmessage_interval = "2ms"`);
    const running = startFlood(['-config', config]);
    await running.waitForStdout(' messages. ');
    running.signal('SIGINT');
    const run = await running.done;
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = unprefixed(run.stdout);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^Sent \d+ messages\. \d+\.\d\d msg\/sec \d+\.\d\d Mbit\/sec$/);
    const done = /^Clean shutdown: {2}(\d+) {2}messages sent; {2}(\d+) {2}messages delivered\.$/.exec(lines.at(-1)!);
    expect(done?.[1]).toBe(done?.[2]);
    await sink.waitFor(Number(done![1]));
    expect(sink.records).toHaveLength(Number(done![1]));
  });

  it('with reconnect_on_error, reports a lost peer, redials and carries on when it is back', async () => {
    sink = await FrameSink.start();
    const { port } = sink;
    const config = writeConfig(dir, 'default', `ip_address = "${sink.address}"\nsender = "tcp"\nmessage_interval = "2ms"\nreconnect_on_error = true\nreconnect_interval = 1`);
    const running = startFlood(['-config', config, '-json']);
    await sink.waitFor(50);
    await sink.close();
    await running.waitForStderr('Error sending message: ');
    await running.waitForStderr('Attempting to reconnect...');
    sink = await FrameSink.start({ port });
    await sink.waitFor(50);
    running.signal('SIGINT');
    const run = await running.done;
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`Error sending message: write tcp 127\\.0\\.0\\.1:${port}: `));
    const summary = JSON.parse(run.stdout) as { sent: number; delivered: number; reconnects: number; errors: number };
    expect(summary.reconnects).toBeGreaterThanOrEqual(1);
    expect(summary.errors).toBeGreaterThanOrEqual(1);
    expect(summary.delivered).toBe(summary.sent);
  });
});

describe('heka-flood config mistakes', () => {
  it.each([
    ['a misspelt option, with its line and a suggestion', 'ip_address = "127.0.0.1:1"\nsender = "tcp"\nnum_mesages = 3', /flood\.toml:4: \[default\]\.num_mesages: unknown setting num_mesages — did you mean "num_messages"\?/],
    ['an encoder other than protobuf', 'ip_address = "127.0.0.1:1"\nsender = "tcp"\nencoder = "json"', /\[default\]\.encoder: encoder "json" is not supported: heka-flood sends Heka protobuf only/],
    ['oversized messages without variable sizes', 'ip_address = "127.0.0.1:1"\nsender = "tcp"\noversized_percentage = 5.0', /\[default\]\.oversized_percentage: oversized messages need variable_size_messages = true/],
    ['a bad message_interval', 'ip_address = "127.0.0.1:1"\nsender = "tcp"\nmessage_interval = "5 seconds"', /\[default\]\.message_interval: /],
    ['an SSL 3.0 minimum', 'ip_address = "127.0.0.1:1"\nsender = "tcp"\nuse_tls = true\n[default.tls]\nmin_version = "SSL30"', /flood\.toml:6: \[default\]\.tls\.min_version: SSL 3\.0 is not available/],
    ['a missing sender', 'ip_address = "127.0.0.1:1"', /\[default\]\.sender: sender is empty — write sender = "tcp" or sender = "udp"/],
  ])('reports %s and exits 1 without a stack', async (_, body, message) => {
    const config = writeConfig(dir, 'default', body);
    const run = await runFlood(['-config', config]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
  });

  it('names the tests of the file when -test is not one of them', async () => {
    const config = writeConfig(dir, 'default', 'ip_address = "127.0.0.1:1"\nsender = "tcp"');
    const run = await runFlood(['-config', config, '-test', 'defualt']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`heka-flood: Configuration test: 'defualt' was not found in ${config}\n  hint: did you mean "default"?\n`);
  });

  it('prints the flag defaults and exits 0 when given no flags', () => {
    const run = runBin('heka-flood', []);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('  -config string\n    \tHeka Flood configuration file (default "flood.toml")\n');
    expect(run.stderr).toContain('  -test string\n    \tTest section to load (default "default")\n');
  });
});
