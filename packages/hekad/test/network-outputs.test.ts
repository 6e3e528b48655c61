// hekad's TcpOutput and UdpOutput as users run them: bin/hekad reads lines on stdin
// (StdinInput) and sends them to real servers on 127.0.0.1 in this process.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, serverTlsOptions } from '@heka/core';
import { FrameSink, decodeTlsSettings, makeTestCertificates, repoRoot, runBin } from '@heka/core/testing';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-net-out-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function hekad(toml: string, input: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const config = join(dir, 'hekad.toml');
  writeFileSync(config, `[hekad]\nlog_flags = 0\n\n[stdin]\ntype = "StdinInput"\n\n${toml}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'hekad'), `-config=${config}`], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input);
  });
}

const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`);

describe('hekad TcpOutput', () => {
  it('sends every message framed (ProtobufEncoder by default) and exits 0 once they are written', async () => {
    const sink = await FrameSink.start();
    try {
      const run = await hekad(`[out]\ntype = "TcpOutput"\nmessage_matcher = "Type == 'stdin'"\naddress = "${sink.address}"\n`, lines.join('\n') + '\n');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      await sink.waitFor(500);
      expect(sink.records.map((r) => decodeMessage(r.message).payload)).toEqual(lines.map((l) => `${l}\n`));
      expect(sink.skipped).toBe(0);
    } finally {
      await sink.close();
    }
  });

  it('sends over TLS, checking the server against root_cafile', async () => {
    const certs = makeTestCertificates(dir);
    const sink = await FrameSink.start({ tls: serverTlsOptions(decodeTlsSettings({ cert_file: certs.serverCert, key_file: certs.serverKey })) });
    try {
      const run = await hekad(`[out]\ntype = "TcpOutput"\nmessage_matcher = "TRUE"\naddress = "${sink.address}"\nuse_tls = true\n[out.tls]\nroot_cafile = "${certs.caCert}"\n`, 'secret 1\nsecret 2\n');
      expect(run.stderr).toBe('');
      await sink.waitFor(2);
      expect(sink.records.map((r) => decodeMessage(r.message).payload)).toEqual(['secret 1\n', 'secret 2\n']);
    } finally {
      await sink.close();
    }
  });

  it('finds TLS version mistakes at load time (-check)', async () => {
    const config = join(dir, 'check.toml');
    writeFileSync(config, '[out]\ntype = "TcpOutput"\nmessage_matcher = "TRUE"\nuse_tls = true\n[out.tls]\nmin_version = "TLS12"\nmax_version = "TLS10"\n');
    const run = runBin('hekad', [`-config=${config}`, '-check']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${config}:7: [out].tls.max_version: MaxVersion (TLS10) must be newer than MinVersion (TLS12) — swap them, or raise max_version\n`);
  });

  it('refuses local_address with use_tls, as Heka does', async () => {
    const run = await hekad('[out]\ntype = "TcpOutput"\nmessage_matcher = "TRUE"\nlocal_address = "127.0.0.1"\nuse_tls = true\n', '');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[out\]\.local_address: Cannot combine local_address 127\.0\.0\.1 and use_tls config options — remove local_address, or set use_tls = false/);
  });
});

describe('hekad UdpOutput', () => {
  it('sends one datagram per message, dropping and reporting one over max_message_size', async () => {
    const server = createSocket('udp4');
    const got: string[] = [];
    server.on('message', (d) => got.push(d.toString()));
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    try {
      const port = (server.address() as AddressInfo).port;
      const input = `short\n${'x'.repeat(600)}\nlast\n`;
      const run = await hekad(`[PayloadEncoder]\nappend_newlines = false\n\n[udp]\ntype = "UdpOutput"\nmessage_matcher = "TRUE"\naddress = "127.0.0.1:${port}"\nencoder = "PayloadEncoder"\nmax_message_size = 512\n`, input);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe(`Plugin 'udp' error: sending to 127.0.0.1:${port}: message size 601 exceeds the maximum datagram size 512\n`);
      const deadline = Date.now() + 5000;
      while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(got.sort()).toEqual(['last\n', 'short\n']);
    } finally {
      server.close();
    }
  });

  it('refuses net = "unixgram" with a hint', async () => {
    const run = await hekad('[PayloadEncoder]\n[udp]\ntype = "UdpOutput"\nmessage_matcher = "TRUE"\naddress = "/tmp/x.sock"\nnet = "unixgram"\nencoder = "PayloadEncoder"\n', '');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[udp\]\.net: net "unixgram" is not supported: Node has no Unix datagram sockets — send over "udp" to a local address instead/);
  });
});
