// UdpInput with a real bin/hekad on 127.0.0.1: one record per datagram by default, Heka-framed
// (and signed) messages with HekaFramingSplitter, what is left of a datagram counted. Real Heka
// 0.10 cannot be built here, so its senders are stood in for by the bytes they were captured sending.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameReader, decodeMessage, type FrameRecord } from '@heka/core';
import { repoRoot, runBin, type RunningBin } from '@heka/core/testing';
import { DgramSocket } from 'node-unix-socket';
import { SLOW, fileOutput, frame, hex, reportValue, startHekad, stopHekad, textReport, waitForRecords } from './net-helpers.js';

const KEY = '4865ey9urgkidls xtb0[7lf9rzcivthkm';
const STREAMS = join(repoRoot, '..', 'shared', 'fixtures', 'heka-streams');

let dir: string;
let hekad: RunningBin | undefined;
let client: UdpSocket;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hekad-udpin-'));
  client = createSocket('udp4');
});
afterEach(() => {
  client.close();
  hekad?.kill();
  hekad = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function send(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => client.send(bytes, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
}

function captured(name: string): { bytes: Buffer; record: FrameRecord } {
  const bytes = readFileSync(join(STREAMS, name));
  const reader = new FrameReader();
  reader.push(bytes);
  return { bytes, record: reader.next() as FrameRecord };
}

describe('UdpInput (bin/hekad on 127.0.0.1)', () => {
  it('makes one message per datagram by default: Type = the input name, Hostname = the sender with set_hostname', async () => {
    const out = join(dir, 'out.hpb');
    const started = await startHekad(dir, `
[syslog_udp]
type = "UdpInput"
address = "127.0.0.1:0"
set_hostname = true
${fileOutput(out)}`, ['syslog_udp']);
    hekad = started.hekad;
    const port = started.ports.get('syslog_udp')!;
    await send(port, Buffer.from('first datagram\n'));
    await waitForRecords(hekad, out, 1);
    await send(port, Buffer.from('second\ndatagram'));
    const messages = (await waitForRecords(hekad, out, 2)).map((r) => decodeMessage(r.message));
    expect(messages.map((m) => [m.payload, m.type, m.logger, m.hostname])).toEqual([
      ['first datagram\n', 'syslog_udp', 'syslog_udp', '127.0.0.1'],
      ['second\ndatagram', 'syslog_udp', 'syslog_udp', '127.0.0.1'],
    ]);
    expect(await stopHekad(hekad)).toBe(0);
  }, 3 * SLOW);

  it('takes Heka-framed messages with signer tables on the input: captured Heka datagrams byte for byte, bad ones counted', async () => {
    const out = join(dir, 'out.hpb');
    const started = await startHekad(dir, `
[udp]
type = "UdpInput"
address = "127.0.0.1:0"
splitter = "HekaFramingSplitter"
decoder = "ProtobufDecoder"

[udp.signer.ops_0]
hmac_key = "${KEY}"
${fileOutput(out)}`, ['udp']);
    hekad = started.hekad;
    const port = started.ports.get('udp')!;
    const inject = captured('inject.hpb');
    const sbmgr = captured('sbmgr-load-signed.hpb');
    const pair = [frame('one of two'), frame('two of two')];
    const datagrams = [
      inject.bytes,
      sbmgr.bytes,
      Buffer.concat(pair),
      Buffer.concat([frame('whole'), frame('cut short').subarray(0, 12)]),
      frame('stranger', { name: 'nobody', hmacHash: 'md5', key: KEY, version: 0 }),
    ];
    const expected = [hex(inject.record.message), hex(sbmgr.record.message), ...pair.map((f) => hex(f.subarray(f[1]! + 3))), 'whole'];
    // One at a time: UDP on loopback does not lose datagrams that the reader keeps up with.
    const recordsAfter = [1, 2, 4, 5];
    for (let i = 0; i < datagrams.length; i++) {
      await send(port, datagrams[i]!);
      if (i < recordsAfter.length) await waitForRecords(hekad, out, recordsAfter[i]!);
    }
    await hekad.waitFor((h) => /no key for signer nobody_0/.test(h.stderr), SLOW);
    const records = await waitForRecords(hekad, out, 5);
    expect(records.slice(0, 4).map((r) => hex(r.message))).toEqual(expected.slice(0, 4));
    expect(decodeMessage(records[4]!.message).payload).toBe('whole');
    const report = await textReport(hekad);
    expect(reportValue(report, 'udp', 'DropIncompleteCount')).toBe(1);
    expect(reportValue(report, 'udp', 'DropUnknownSignerCount')).toBe(1);
    expect(hekad.stderr).toMatch(/Input 'udp' error: a datagram ended inside a record; 12 bytes were not delivered/);
    expect(await stopHekad(hekad)).toBe(0);
  }, 3 * SLOW);

  it('listens on a unixgram socket file: writable by everyone, one message per datagram, removed at shutdown', async () => {
    const out = join(dir, 'out.hpb');
    const path = join(dir, 'heka.sock');
    const started = await startHekad(dir, `
[unix_in]
type = "UdpInput"
net = "unixgram"
address = "${path}"
${fileOutput(out)}`, []);
    hekad = started.hekad;
    await hekad.waitFor((h) => h.stdout.toString().includes(`Input 'unix_in': listening on ${path}`), SLOW);
    expect(statSync(path).isSocket()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o666);
    const sender = new DgramSocket();
    await new Promise<void>((resolve, reject) => sender.sendTo(Buffer.from('over unixgram'), 0, 13, path, (e?: Error) => (e ? reject(e) : resolve())));
    sender.close();
    const [message] = (await waitForRecords(hekad, out, 1)).map((r) => decodeMessage(r.message));
    expect([message!.payload, message!.type]).toEqual(['over unixgram', 'unix_in']);
    expect(await stopHekad(hekad)).toBe(0);
    expect(existsSync(path)).toBe(false);
  }, 3 * SLOW);

  it('refuses set_hostname on an inherited socket or unixgram, and a path without unixgram, with the key and a fix', () => {
    const path = join(dir, 'bad.toml');
    writeFileSync(path, '[u]\ntype = "UdpInput"\naddress = "fd:3"\nset_hostname = true\n[v]\ntype = "UdpInput"\nnet = "unixgram"\naddress = "/tmp/x.sock"\nset_hostname = true\n[w]\ntype = "UdpInput"\naddress = "/tmp/x.sock"\n');
    const check = runBin('hekad', [`-config=${path}`, '-check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(/\[u\]\.set_hostname: Can't set Hostname from file descriptor\. — /);
    expect(check.stderr).toMatch(/\[v\]\.set_hostname: Can't set Hostname from Unix datagram\. — /);
    expect(check.stderr).toMatch(/\[w\]\.address: '\/tmp\/x\.sock' is a Unix socket path, but net = "udp" — /);
  });
});
