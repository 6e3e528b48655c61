// Heka's `tls` table (spec plugins §2.4) for clients (TcpOutput, heka-flood, heka-sbmgr) and
// servers (TcpInput): the field schema, and its translation to Node's tls options.
import { readFileSync } from 'node:fs';
import { constants } from 'node:crypto';
import { checkServerIdentity, type ConnectionOptions, type SecureVersion, type TLSSocket, type TlsOptions } from 'node:tls';
import { f, type ConfigValues } from '../config/index.js';
import { HekaError } from '../errors/heka-error.js';

/** Go's cipher-suite names as Heka accepts them, with OpenSSL's name for each. */
export const GO_CIPHERS: Readonly<Record<string, string>> = {
  RSA_WITH_RC4_128_SHA: 'RC4-SHA',
  RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
  RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  ECDHE_ECDSA_WITH_RC4_128_SHA: 'ECDHE-ECDSA-RC4-SHA',
  ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  ECDHE_RSA_WITH_RC4_128_SHA: 'ECDHE-RSA-RC4-SHA',
  ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
  ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
};

const CIPHER_NAMES: readonly string[] = Object.keys(GO_CIPHERS);
const VERSIONS = ['', 'SSL30', 'TLS10', 'TLS11', 'TLS12'] as const;
const NODE_VERSION: Readonly<Record<string, SecureVersion>> = { TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2' };
const CLIENT_AUTH = ['', 'NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;

export const tlsFields = {
  server_name: f.string({ default: '', doc: 'Name expected in the server certificate (clients); defaults to the host of the address.' }),
  cert_file: f.string({ default: '', doc: 'PEM certificate file: the server certificate, or a client certificate.' }),
  key_file: f.string({ default: '', doc: 'PEM private key file for cert_file.' }),
  client_auth: f.oneOf(CLIENT_AUTH, { default: '', doc: 'Servers: whether client certificates are requested and verified.' }),
  ciphers: f.array(f.oneOf(CIPHER_NAMES, { doc: 'A Go cipher-suite name.' }), { default: [], doc: 'Allowed cipher suites by Go name; empty allows the defaults (and TLS 1.3).' }),
  insecure_skip_verify: f.bool({ default: false, doc: 'Clients: accept any server certificate (testing only).' }),
  prefer_server_ciphers: f.bool({ default: false, doc: 'Servers: pick the cipher in the server\'s order of preference.' }),
  session_tickets_disabled: f.bool({ default: false, doc: 'Turn TLS session tickets off.' }),
  sesion_ticket_key: f.string({ default: '', doc: 'Servers: 64 hex digits (32 bytes) to encrypt session tickets with. The key name is misspelt as in Heka.' }),
  min_version: f.oneOf(VERSIONS, { default: '', doc: 'Oldest protocol version accepted: TLS10, TLS11 or TLS12 (SSL30 is refused).' }),
  max_version: f.oneOf(VERSIONS, { default: '', doc: 'Newest protocol version offered; empty allows TLS 1.3.' }),
  client_cafile: f.string({ default: '', doc: 'Servers: PEM file of the CAs that client certificates must chain to.' }),
  root_cafile: f.string({ default: '', doc: 'Clients: PEM file of the CAs the server certificate must chain to (default: the system CAs).' }),
} as const;

export const tlsGroup = f.group(tlsFields, { doc: 'TLS settings, used when use_tls is true (`[name.tls]`).' });
export type TlsSettings = ConfigValues<typeof tlsFields>;

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    throw new HekaError('HEKA_TLS_FILE', `TLS ${key} ${path}: ${reason}`, { hint: `check tls.${key}; it must name a readable PEM file` });
  }
}

function version(name: string, key: string): SecureVersion | undefined {
  if (name === '') return undefined;
  const v = NODE_VERSION[name];
  if (v === undefined) {
    throw new HekaError('HEKA_TLS_VERSION', `TLS ${key} ${name} is not supported: SSL 3.0 is broken and Node refuses it`, { hint: `write ${key} = "TLS10" or newer` });
  }
  return v;
}

/** The parts both ends share: versions, ciphers, certificate. */
type CommonOptions = Pick<TlsOptions, 'ciphers' | 'minVersion' | 'maxVersion' | 'cert' | 'key'>;

function commonOptions(tls: TlsSettings): CommonOptions {
  const options: CommonOptions = {};
  const min = version(tls.min_version, 'min_version');
  let max = version(tls.max_version, 'max_version');
  if (min !== undefined && max !== undefined && VERSIONS.indexOf(tls.max_version) < VERSIONS.indexOf(tls.min_version)) {
    throw new HekaError('HEKA_TLS_VERSION', `TLS max_version (${tls.max_version}) must be newer than min_version (${tls.min_version})`, { hint: 'raise max_version or lower min_version' });
  }
  if (tls.ciphers.length > 0) {
    options.ciphers = tls.ciphers.map((c) => GO_CIPHERS[c as string]!).join(':');
    // TLS 1.3 suites are not chosen by this list; Heka (Go 1.4) had no TLS 1.3, so a cipher list
    // caps the version at 1.2 to take effect.
    max ??= 'TLSv1.2';
  }
  if (min !== undefined) options.minVersion = min;
  if (max !== undefined) options.maxVersion = max;
  if (tls.cert_file !== '' && tls.key_file !== '') {
    options.cert = readPem(tls.cert_file, 'cert_file');
    options.key = readPem(tls.key_file, 'key_file');
  }
  return options;
}

/** Node connect options for a TLS client to `host`. */
export function tlsClientOptions(tls: TlsSettings, host: string): ConnectionOptions {
  const options: ConnectionOptions = { ...commonOptions(tls), rejectUnauthorized: !tls.insecure_skip_verify };
  const serverName = tls.server_name !== '' ? tls.server_name : host;
  // SNI must not be an IP address; the name is still checked against the certificate.
  if (!/^[\d.]+$|:/.test(serverName)) options.servername = serverName;
  if (tls.server_name !== '') options.checkServerIdentity = checkIdentityAs(tls.server_name);
  if (tls.root_cafile !== '') options.ca = readPem(tls.root_cafile, 'root_cafile');
  return options;
}

function checkIdentityAs(name: string): NonNullable<ConnectionOptions['checkServerIdentity']> {
  return (_host, cert) => checkServerIdentity(name, cert);
}

/** Node server options for a TLS server (TcpInput). Servers need cert_file and key_file. */
export function tlsServerOptions(tls: TlsSettings): TlsOptions {
  if (tls.cert_file === '' || tls.key_file === '') {
    throw new HekaError('HEKA_TLS_SERVER_CERT', 'a TLS server needs both tls.cert_file and tls.key_file', { hint: 'set cert_file and key_file to the PEM certificate and key' });
  }
  const options: TlsOptions = { ...commonOptions(tls) };
  const auth = tls.client_auth;
  options.requestCert = auth !== '' && auth !== 'NoClientCert';
  // Node can only refuse every unverified client; Go's finer modes are checked after the
  // handshake by clientCertificateProblem().
  options.rejectUnauthorized = auth === 'RequireAndVerifyClientCert';
  if (tls.session_tickets_disabled) options.secureOptions = constants.SSL_OP_NO_TICKET;
  if (tls.client_cafile !== '') options.ca = readPem(tls.client_cafile, 'client_cafile');
  if (tls.prefer_server_ciphers) options.honorCipherOrder = true;
  if (tls.sesion_ticket_key !== '') {
    if (!/^[0-9a-fA-F]{64}$/.test(tls.sesion_ticket_key)) {
      throw new HekaError('HEKA_TLS_TICKET_KEY', `Invalid SessionTicketKey: expected 64 hex digits (32 bytes), got ${tls.sesion_ticket_key.length} characters`, { hint: 'generate one with: openssl rand -hex 32' });
    }
    // Node wants 48 bytes (name, HMAC and AES keys): derive them from Go's 32-byte key.
    const key = Buffer.from(tls.sesion_ticket_key, 'hex');
    options.ticketKeys = Buffer.concat([key, key.subarray(0, 16)]);
  }
  return options;
}

/**
 * Why a server must drop a client that completed the handshake, per client_auth (Go's modes
 * RequireAnyClientCert and VerifyClientCertIfGiven), or undefined when it may stay.
 */
export function clientCertificateProblem(socket: TLSSocket, clientAuth: TlsSettings['client_auth']): string | undefined {
  const cert = socket.getPeerCertificate();
  const given = cert !== null && Object.keys(cert).length > 0;
  if (clientAuth === 'RequireAnyClientCert' && !given) return 'client did not provide a certificate';
  if (clientAuth === 'VerifyClientCertIfGiven' && given && !socket.authorized) return `client certificate not verified: ${String(socket.authorizationError)}`;
  return undefined;
}

/** Problems with a `tls` table that can be found at load time (for plugin rules and -check). */
export function tlsSettingsProblems(tls: TlsSettings): { key: readonly string[]; message: string; hint: string }[] {
  const problems: { key: readonly string[]; message: string; hint: string }[] = [];
  for (const key of ['min_version', 'max_version'] as const) {
    if (tls[key] === 'SSL30') problems.push({ key: ['tls', key], message: `${key} SSL30 is not supported: SSL 3.0 is broken and Node refuses it`, hint: `write ${key} = "TLS10" or newer` });
  }
  if (tls.min_version !== '' && tls.max_version !== '' && VERSIONS.indexOf(tls.max_version) < VERSIONS.indexOf(tls.min_version)) {
    problems.push({ key: ['tls', 'max_version'], message: `MaxVersion (${tls.max_version}) must be newer than MinVersion (${tls.min_version})`, hint: 'raise max_version or lower min_version' });
  }
  return problems;
}
