// A TLS server's Node options from a `[name.tls]` table, and the client_auth policy Node cannot
// express by options alone (Go's RequireAnyClientCert and VerifyClientCertIfGiven).
import { readFileSync } from 'node:fs';
import { DEFAULT_CIPHERS, createSecureContext, type TLSSocket, type TlsOptions } from 'node:tls';
import { constants, createHash } from 'node:crypto';
import type { RuleProblem } from '../plugin/rules.js';
import type { TlsConfig } from './tls-fields.js';
import { GO_CIPHERS, TLS_VERSIONS, TLS_VERSION_ORDER, type ClientAuth, type TlsVersionName } from './tls-names.js';

/** A TLS setting that cannot be used, with the `tls` key it is about. */
export class TlsSetupError extends Error {
  override name = 'TlsSetupError';
  constructor(readonly key: string, message: string, readonly hint: string) {
    super(message);
  }
}

function readPem(key: keyof TlsConfig, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TlsSetupError(key, `can't read '${path}': ${code ?? (e as Error).message}`, 'give the path of a readable PEM file');
  }
}

const isOlder = (a: TlsVersionName, b: TlsVersionName): boolean => TLS_VERSION_ORDER.indexOf(a) < TLS_VERSION_ORDER.indexOf(b);

/** Node options for a TLS server; reads the certificate, key and CA files. Throws TlsSetupError. */
export function serverTlsOptions(tls: TlsConfig): TlsOptions {
  if (tls.cert_file === '' || tls.key_file === '') {
    throw new TlsSetupError(tls.cert_file === '' ? 'cert_file' : 'key_file', 'TLS config requires both cert_file and key_file value.', 'set both cert_file and key_file in the [<section>.tls] table');
  }
  if (tls.min_version && tls.max_version && isOlder(tls.max_version, tls.min_version)) {
    throw new TlsSetupError('max_version', `MaxVersion (${tls.max_version}) must be newer than MinVersion (${tls.min_version})`, 'swap them, or raise max_version');
  }
  const options: TlsOptions = {
    cert: readPem('cert_file', tls.cert_file),
    key: readPem('key_file', tls.key_file),
    honorCipherOrder: tls.prefer_server_ciphers,
    // Node verifies the certificate it asked for; refuseClient applies client_auth to the result,
    // so that a refusal is logged with the peer's address and the reason.
    requestCert: tls.client_auth !== 'NoClientCert',
    rejectUnauthorized: false,
  };
  if (tls.client_cafile !== '') options.ca = readPem('client_cafile', tls.client_cafile);
  const minVersion = tls.min_version && TLS_VERSIONS[tls.min_version];
  const maxVersion = tls.max_version && TLS_VERSIONS[tls.max_version];
  if (minVersion) options.minVersion = minVersion;
  if (maxVersion) options.maxVersion = maxVersion;
  let ciphers = tls.ciphers.length > 0 ? tls.ciphers.map((c) => GO_CIPHERS[c]).join(':') : undefined;
  // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; a config asking for them gets them.
  if (tls.min_version === 'TLS10' || tls.min_version === 'TLS11') ciphers = `${ciphers ?? DEFAULT_CIPHERS}:@SECLEVEL=0`;
  if (ciphers !== undefined) options.ciphers = ciphers;
  if (tls.session_tickets_disabled) options.secureOptions = constants.SSL_OP_NO_TICKET;
  // Go derives its ticket keys from a SHA-512 of the 32 bytes; Node wants 48 bytes of key material.
  if (tls.sesion_ticket_key !== '') {
    options.ticketKeys = createHash('sha512').update(Buffer.from(tls.sesion_ticket_key, 'hex')).digest().subarray(0, 48);
  }
  return options;
}

/** Go's client_auth modes after the handshake: undefined when the connection may go on, else why it is refused. */
export function refuseClient(socket: TLSSocket, clientAuth: ClientAuth): string | undefined {
  if (clientAuth === 'NoClientCert' || clientAuth === 'RequestClientCert') return undefined;
  const given = Object.keys(socket.getPeerCertificate()).length > 0;
  const mode = `(client_auth = "${clientAuth}")`;
  if (!given) return clientAuth === 'VerifyClientCertIfGiven' ? undefined : `no client certificate ${mode}`;
  if (clientAuth !== 'RequireAnyClientCert' && !socket.authorized) {
    return `client certificate not verified: ${String(socket.authorizationError)} ${mode}`;
  }
  return undefined;
}

/** Validation: what would stop a TLS server from starting, as config problems under `tls`. */
export function serverTlsProblems(tls: TlsConfig): RuleProblem[] {
  try {
    createSecureContext(serverTlsOptions(tls));
    return [];
  } catch (e) {
    if (e instanceof TlsSetupError) return [{ key: ['tls', e.key], message: e.message, hint: e.hint }];
    // OpenSSL refused the PEM data or the pair: name both files.
    return [{
      key: ['tls', 'cert_file'],
      message: `can't use certificate '${tls.cert_file}' with key '${tls.key_file}': ${(e as Error).message}`,
      hint: 'check that both are PEM files and that the key belongs to the certificate',
    }];
  }
}
