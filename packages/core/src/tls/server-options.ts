// A TLS server's Node options from a `[name.tls]` table, and the client_auth policy Node cannot
// express by options alone (Go's RequireAnyClientCert and VerifyClientCertIfGiven).
import type { TLSSocket, TlsOptions } from 'node:tls';
import { constants, createHash } from 'node:crypto';
import { nodeTls } from '../node/lazy-builtins.js';
import type { RuleProblem } from '../plugin/rules.js';
import type { TlsConfig } from './tls-fields.js';
import { TlsSetupError, readPem, versionsAndCiphers } from './tls-common.js';
import type { ClientAuth } from './tls-names.js';

/** Node options for a TLS server; reads the certificate, key and CA files. Throws TlsSetupError. */
export function serverTlsOptions(tls: TlsConfig): TlsOptions {
  if (tls.cert_file === '' || tls.key_file === '') {
    throw new TlsSetupError(tls.cert_file === '' ? 'cert_file' : 'key_file', 'TLS config requires both cert_file and key_file value.', 'set both cert_file and key_file in the [<section>.tls] table');
  }
  const options: TlsOptions = {
    ...versionsAndCiphers(tls),
    cert: readPem('cert_file', tls.cert_file),
    key: readPem('key_file', tls.key_file),
    honorCipherOrder: tls.prefer_server_ciphers,
    // Node verifies the certificate it asked for; refuseClient applies client_auth to the result,
    // so that a refusal is logged with the peer's address and the reason.
    requestCert: tls.client_auth !== 'NoClientCert',
    rejectUnauthorized: false,
  };
  if (tls.client_cafile !== '') options.ca = readPem('client_cafile', tls.client_cafile);
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
    nodeTls().createSecureContext(serverTlsOptions(tls));
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
