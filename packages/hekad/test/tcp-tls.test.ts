// TcpInput with TLS, a real bin/hekad on 127.0.0.1 and certificates made by openssl for the
// test: client certificates required and verified, refused without one or from another CA.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { decodeMessage } from '@heka/core';
import { makeTestCertificates, runBin, type RunningBin, type TestCertificates } from '@heka/core/testing';
import { SLOW, fileOutput, frame, openTcp, readRecords, reportValue, sendAndClose, startHekad, stopHekad, textReport, waitForRecords } from './net-helpers.js';

let pkiDir: string;
let pki: TestCertificates;
let dir: string;
let hekad: RunningBin | undefined;

beforeAll(() => {
  pkiDir = mkdtempSync(join(tmpdir(), 'hekad-pki-'));
  pki = makeTestCertificates(pkiDir);
});
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-tls-')); });
afterEach(() => {
  hekad?.kill();
  hekad = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function tlsInput(clientAuth: string, extra = ''): string {
  return `
[hekad]
log_flags = 0

[tls_in]
type = "TcpInput"
address = "127.0.0.1:0"
use_tls = true

[tls_in.tls]
cert_file = "${pki.serverCert}"
key_file = "${pki.serverKey}"
client_cafile = "${pki.caCert}"
client_auth = "${clientAuth}"
${extra}`;
}

interface TlsOutcome {
  /** The handshake completed as far as the client could tell. */
  readonly secure: boolean;
  readonly error: string | undefined;
  readonly cipher: string | undefined;
  readonly protocol: string | undefined;
}

/**
 * Connects with the given client certificate (or none), sends `bytes`, waits for the close. With
 * `keepOpen` the client does not close its side: a refusal then reaches it as an error.
 */
function tlsSend(port: number, client: { cert: string; key: string } | undefined, bytes: Buffer, options: { maxVersion?: 'TLSv1.2'; keepOpen?: boolean } = {}): Promise<TlsOutcome> {
  const { keepOpen, ...tlsOptions } = options;
  return new Promise((resolve) => {
    let secure = false;
    let error: string | undefined;
    let cipher: string | undefined;
    let protocol: string | undefined;
    const socket: TLSSocket = connect({
      host: '127.0.0.1',
      port,
      ca: readFileSync(pki.caCert),
      ...(client ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {}),
      ...tlsOptions,
    }, () => {
      secure = true;
      cipher = socket.getCipher().name;
      protocol = socket.getProtocol() ?? undefined;
      if (keepOpen) socket.write(bytes);
      else socket.end(bytes);
    });
    socket.on('error', (e) => { error ??= e.message; });
    socket.on('close', () => resolve({ secure, error, cipher, protocol }));
    socket.resume();
  });
}

describe('TcpInput over TLS (bin/hekad, openssl-made certificates)', () => {
  it('RequireAndVerifyClientCert: refuses a client without a certificate and one from another CA, delivers a good client\'s messages', async () => {
    const out = join(dir, 'out.hpb');
    const started = await startHekad(dir, tlsInput('RequireAndVerifyClientCert') + fileOutput(out), ['tls_in']);
    hekad = started.hekad;
    const port = started.ports.get('tls_in')!;
    expect(hekad.stdout.toString()).toMatch(/Input 'tls_in': listening on 127\.0\.0\.1:\d+ \(TLS\)\n/);

    const anonymous = await tlsSend(port, undefined, frame('from anonymous'), { keepOpen: true });
    const stranger = await tlsSend(port, { cert: pki.strangerCert, key: pki.strangerKey }, frame('from stranger'), { keepOpen: true });
    const good = await tlsSend(port, { cert: pki.clientCert, key: pki.clientKey }, frame('from client'));
    // hekad closed both refused connections (the clients kept theirs open) and took the good one.
    expect([anonymous.secure, stranger.secure]).toEqual([true, true]);
    expect(good).toMatchObject({ secure: true, error: undefined });

    const records = await waitForRecords(hekad, out, 1);
    expect(records.map((r) => decodeMessage(r.message).payload)).toEqual(['from client']);
    const report = await textReport(hekad);
    expect(reportValue(report, 'tls_in', 'RefusedConnections')).toBe(2);
    expect(hekad.stderr).toMatch(/Input 'tls_in' error: refused TLS connection from 127\.0\.0\.1:\d+: no client certificate \(client_auth = "RequireAndVerifyClientCert"\)\n/);
    expect(hekad.stderr).toMatch(/Input 'tls_in' error: refused TLS connection from 127\.0\.0\.1:\d+: client certificate not verified: UNABLE_TO_VERIFY_LEAF_SIGNATURE \(client_auth = "RequireAndVerifyClientCert"\)\n/);
    expect(await stopHekad(hekad)).toBe(0);
    expect(readRecords(out)).toHaveLength(1);
  }, 3 * SLOW);

  it('logs a client that does not speak TLS, with its address and OpenSSL\'s reason, and goes on serving', async () => {
    const out = join(dir, 'out.hpb');
    const started = await startHekad(dir, tlsInput('NoClientCert') + fileOutput(out), ['tls_in']);
    hekad = started.hekad;
    const port = started.ports.get('tls_in')!;
    const plain = await openTcp(port);
    await sendAndClose(plain, frame('not over TLS'));
    await hekad.waitFor((h) => /TLS handshake with/.test(h.stderr), SLOW);
    expect(hekad.stderr).toMatch(/^Input 'tls_in' error: TLS handshake with 127\.0\.0\.1:\d+ failed: [a-z ]+ \(ERR_SSL_[A-Z_]+\)\n/m);
    await tlsSend(port, undefined, frame('over TLS'));
    expect((await waitForRecords(hekad, out, 1)).map((r) => decodeMessage(r.message).payload)).toEqual(['over TLS']);
    expect(reportValue(await textReport(hekad), 'tls_in', 'RefusedConnections')).toBe(1);
    expect(await stopHekad(hekad)).toBe(0);
  }, 3 * SLOW);

  it('RequireAnyClientCert: refuses a client without a certificate, accepts any certificate unverified (as Go does)', async () => {
    const out = join(dir, 'out.hpb');
    const started = await startHekad(dir, tlsInput('RequireAnyClientCert') + fileOutput(out), ['tls_in']);
    hekad = started.hekad;
    const port = started.ports.get('tls_in')!;
    await tlsSend(port, undefined, frame('from anonymous'));
    await tlsSend(port, { cert: pki.strangerCert, key: pki.strangerKey }, frame('from stranger'));
    const records = await waitForRecords(hekad, out, 1);
    expect(records.map((r) => decodeMessage(r.message).payload)).toEqual(['from stranger']);
    expect(hekad.stderr).toMatch(/Input 'tls_in' error: refused TLS connection from 127\.0\.0\.1:\d+: no client certificate \(client_auth = "RequireAnyClientCert"\)\n/);
    expect(await stopHekad(hekad)).toBe(0);
  }, 3 * SLOW);

  it('max_version and ciphers by Go name: TLS 1.2 with the OpenSSL suite they map to', async () => {
    const out = join(dir, 'out.hpb');
    const started = await startHekad(dir, tlsInput('NoClientCert', 'max_version = "TLS12"\nciphers = ["ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"]\n') + fileOutput(out), ['tls_in']);
    hekad = started.hekad;
    const outcome = await tlsSend(started.ports.get('tls_in')!, undefined, frame('over TLS 1.2'));
    expect(outcome).toMatchObject({ secure: true, protocol: 'TLSv1.2', cipher: 'ECDHE-ECDSA-AES128-GCM-SHA256' });
    expect((await waitForRecords(hekad, out, 1)).map((r) => decodeMessage(r.message).payload)).toEqual(['over TLS 1.2']);
    expect(await stopHekad(hekad)).toBe(0);
  }, 3 * SLOW);

  it.each([
    ['a cipher OpenSSL 3 no longer has', 'ciphers = ["RSA_WITH_RC4_128_SHA"]\n', (p: TestCertificates) => p, /\[tls_in\]\.tls\.ciphers\[0\]: RSA_WITH_RC4_128_SHA \(OpenSSL RC4-SHA\) is not available/],
    ['versions in the wrong order', 'min_version = "TLS12"\nmax_version = "TLS10"\n', (p: TestCertificates) => p, /\[tls_in\]\.tls\.max_version: MaxVersion \(TLS10\) must be newer than MinVersion \(TLS12\)/],
    ['a key that is not the certificate\'s', '', (p: TestCertificates) => ({ ...p, serverKey: p.clientKey }), /\[tls_in\]\.tls\.cert_file: can't use certificate '.*server\.crt' with key '.*client\.key'/],
    ['a missing certificate file', '', (p: TestCertificates) => ({ ...p, serverCert: join(dir, 'nowhere.crt') }), /\[tls_in\]\.tls\.cert_file: can't read '.*nowhere\.crt': ENOENT/],
  ] as const)('hekad -check reports %s with the key and a fix, without a stack, and exits 1', (_name, extra, change, expected) => {
    const saved = pki;
    pki = change(pki);
    const path = join(dir, 'bad.toml');
    writeFileSync(path, tlsInput('NoClientCert', extra));
    pki = saved;
    const check = runBin('hekad', [`-config=${path}`, '-check']);
    expect(check.code).toBe(1);
    expect(check.stderr).toMatch(expected);
    expect(check.stderr).toMatch(/hint|—/);
    expect(check.stderr).not.toMatch(/\n\s+at /);
  });
});
