// Heka's [name.tls] settings as Node server options, with a throwaway certificate from openssl.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CIPHERS } from 'node:tls';
import { constants } from 'node:crypto';
import { defaultGlobals } from '../config/index.js';
import { decodeInstance, type PluginInstance } from '../plugin/index.js';
import { definePlugin } from '../plugin/define.js';
import { serverTlsOptions, serverTlsProblems } from './server-options.js';
import { tlsGroup, type TlsConfig } from './tls-fields.js';

const Probe = definePlugin({ type: 'ProbeInput', family: 'input', summary: 'A probe.', config: { tls: tlsGroup({ preferServerCiphers: true }) } });

let dir: string;
let cert: string;
let key: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'heka-tls-'));
  cert = join(dir, 'c.crt');
  key = join(dir, 'c.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=t', '-keyout', key, '-out', cert], { stdio: 'ignore' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tls(table: Record<string, unknown>): { config?: TlsConfig; problems: string[] } {
  const issues: { message: string; path: readonly (string | number)[] }[] = [];
  const instance = decodeInstance({ name: 'p', table: { tls: { cert_file: cert, key_file: key, ...table } } }, Probe, defaultGlobals(), issues as never) as PluginInstance | undefined;
  const problems = issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  return instance ? { config: (instance.config as { tls: TlsConfig }).tls, problems } : { problems };
}

describe('[name.tls] → Node server options', () => {
  it('maps Go cipher names, client_auth, tickets and versions', () => {
    const { config } = tls({ ciphers: ['ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'RSA_WITH_AES_256_CBC_SHA'], client_auth: 'VerifyClientCertIfGiven', session_tickets_disabled: true, max_version: 'TLS12' });
    const options = serverTlsOptions(config!);
    expect(options).toMatchObject({
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA', requestCert: true, rejectUnauthorized: false,
      honorCipherOrder: true, maxVersion: 'TLSv1.2', secureOptions: constants.SSL_OP_NO_TICKET,
    });
    expect(options.minVersion).toBeUndefined();
  });

  it('lowers OpenSSL\'s security level only when TLS 1.0/1.1 are asked for', () => {
    expect(serverTlsOptions(tls({ min_version: 'TLS10' }).config!).ciphers).toBe(`${DEFAULT_CIPHERS}:@SECLEVEL=0`);
    expect(serverTlsOptions(tls({ min_version: 'TLS12' }).config!).ciphers).toBeUndefined();
  });

  it('derives 48 bytes of ticket keys from sesion_ticket_key (Heka\'s spelling)', () => {
    const options = serverTlsOptions(tls({ sesion_ticket_key: 'ab'.repeat(32) }).config!);
    expect(options.ticketKeys).toHaveLength(48);
  });

  it.each([
    [{ client_auth: 'RequireClientCert' }, 'tls.client_auth: Invalid ClientAuth value: RequireClientCert'],
    [{ min_version: 'SSL30' }, "tls.min_version: SSL 3.0 is not available: Node's OpenSSL has no SSLv3"],
    [{ max_version: 'TLS13' }, 'tls.max_version: Invalid MaxVersion: TLS13'],
    [{ ciphers: ['AES128-SHA'] }, 'tls.ciphers.0: Invalid cipher string: AES128-SHA'],
    [{ ciphers: ['ECDHE_RSA_WITH_3DES_EDE_CBC_SHA'] }, "tls.ciphers.0: ECDHE_RSA_WITH_3DES_EDE_CBC_SHA (OpenSSL ECDHE-RSA-DES-CBC3-SHA) is not available in this build's OpenSSL (RC4 and 3DES were removed)"],
    [{ sesion_ticket_key: 'abc' }, 'tls.sesion_ticket_key: Invalid SessionTicketKey: expected 64 hex digits, got 3 characters'],
  ])('refuses %j in Heka\'s words', (table, problem) => {
    expect(tls(table).problems).toEqual([problem]);
  });

  it('reports what would stop the server: both files required, versions in order, a key that fits', () => {
    const noKey = tls({ key_file: '' }).config!;
    expect(serverTlsProblems(noKey)).toEqual([{ key: ['tls', 'key_file'], message: 'TLS config requires both cert_file and key_file value.', hint: 'set both cert_file and key_file in the [<section>.tls] table' }]);
    expect(serverTlsProblems(tls({ min_version: 'TLS12', max_version: 'TLS11' }).config!)[0]?.message).toBe('MaxVersion (TLS11) must be newer than MinVersion (TLS12)');
    expect(serverTlsProblems(tls({ key_file: cert }).config!)[0]?.message).toMatch(/^can't use certificate '.*c\.crt' with key '.*c\.crt': /);
    expect(serverTlsProblems(tls({}).config!)).toEqual([]);
  });
});
