// TLS between TcpSender and a real TLS server, with certificates made by openssl for the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTlsSettings as decodeConfigForTest } from '../testing/tls-settings.js';
import { Message, decodeMessage, encodeMessage, frameMessage } from '../index.js';
import { FrameSink } from '../testing/frame-sink.js';
import { makeTestCertificates, type TestCertificates } from '../testing/tls-certs.js';
import { TcpSender } from './tcp-sender.js';
import { tlsClientOptions } from '../tls/client-options.js';
import { serverTlsOptions } from '../tls/server-options.js';

let dir: string;
let certs: TestCertificates;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heka-tls-'));
  certs = makeTestCertificates(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = frameMessage(encodeMessage(new Message({ type: 'tls', payload: 'secret' })));

async function sendOnce(sink: FrameSink, client: Record<string, unknown>): Promise<void> {
  const s = new TcpSender({ address: sink.address, tls: tlsClientOptions(decodeConfigForTest(client), '127.0.0.1') });
  try {
    await s.connect();
    s.send(record);
    await s.flush();
  } finally {
    await s.close(100);
  }
}

describe('TLS', () => {
  it('sends over TLS to a server whose certificate chains to root_cafile', async () => {
    const sink = await FrameSink.start({ tls: serverTlsOptions(decodeConfigForTest({ cert_file: certs.serverCert, key_file: certs.serverKey })) });
    try {
      await sendOnce(sink, { root_cafile: certs.caCert });
      await sink.waitFor(1);
      expect(decodeMessage(sink.records[0]!.message).payload).toBe('secret');
    } finally {
      await sink.close();
    }
  });

  it('refuses a server certificate from another CA unless insecure_skip_verify', async () => {
    const sink = await FrameSink.start({ tls: serverTlsOptions(decodeConfigForTest({ cert_file: certs.serverCert, key_file: certs.serverKey })) });
    try {
      await expect(sendOnce(sink, { root_cafile: certs.otherCaCert })).rejects.toThrow(/certificate/);
      await sendOnce(sink, { insecure_skip_verify: true });
      await sink.waitFor(1);
    } finally {
      await sink.close();
    }
  });

  it('with RequireAndVerifyClientCert, refuses a client without a certificate and accepts one with it', async () => {
    const server = serverTlsOptions(decodeConfigForTest({ cert_file: certs.serverCert, key_file: certs.serverKey, client_auth: 'RequireAndVerifyClientCert', client_cafile: certs.caCert }));
    // serverTlsOptions leaves the refusal to refuseClient after the handshake (TcpInput logs it
    // with the peer); this bare test server lets Node refuse unverified clients itself.
    const sink = await FrameSink.start({ tls: { ...server, rejectUnauthorized: true } });
    try {
      await expect(sendOnce(sink, { root_cafile: certs.caCert }).then(() => sink.waitFor(1, 1000))).rejects.toThrow();
      expect(sink.records).toHaveLength(0);
      await sendOnce(sink, { root_cafile: certs.caCert, cert_file: certs.clientCert, key_file: certs.clientKey });
      await sink.waitFor(1);
    } finally {
      await sink.close();
    }
  });

  it('honours max_version and Go cipher names', async () => {
    const sink = await FrameSink.start({ tls: serverTlsOptions(decodeConfigForTest({ cert_file: certs.serverCert, key_file: certs.serverKey })) });
    try {
      await sendOnce(sink, { root_cafile: certs.caCert, max_version: 'TLS12', ciphers: ['ECDHE_ECDSA_WITH_AES_128_GCM_SHA256'] });
      await sink.waitFor(1);
      // An RSA-only suite cannot be used with this ECDSA certificate: the handshake fails.
      await expect(sendOnce(sink, { root_cafile: certs.caCert, ciphers: ['ECDHE_RSA_WITH_AES_128_GCM_SHA256'] })).rejects.toThrow();
    } finally {
      await sink.close();
    }
  });

  it('explains bad settings: missing files, SSL30, max below min', () => {
    expect(() => tlsClientOptions(decodeConfigForTest({ root_cafile: join(dir, 'nope.pem') }), 'h')).toThrow(`can't read '${join(dir, 'nope.pem')}': ENOENT`);
    // SSL 3.0 is refused when the table is decoded, before any connection is tried.
    expect(() => decodeConfigForTest({ min_version: 'SSL30' })).toThrow(/SSL 3.0 is not available/);
    expect(() => tlsClientOptions(decodeConfigForTest({ min_version: 'TLS12', max_version: 'TLS10' }), 'h')).toThrow('MaxVersion (TLS10) must be newer than MinVersion (TLS12)');
    expect(() => serverTlsOptions(decodeConfigForTest({}))).toThrow(/requires both cert_file and key_file/);
  });
});
