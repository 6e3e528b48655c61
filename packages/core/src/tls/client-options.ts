// A TLS client's Node options from a `[name.tls]` table: TcpOutput, heka-flood, heka-inject.
import type { ConnectionOptions } from 'node:tls';
import { nodeTls } from '../node/lazy-builtins.js';
import type { TlsConfig } from './tls-fields.js';
import { TlsSetupError, readPem, versionsAndCiphers } from './tls-common.js';

/** Node connect options for a TLS client of `host`; reads the files named. Throws TlsSetupError. */
export function tlsClientOptions(tls: TlsConfig, host: string): ConnectionOptions {
  const options: ConnectionOptions = { ...versionsAndCiphers(tls), rejectUnauthorized: !tls.insecure_skip_verify };
  // TLS 1.3 suites are not chosen by a cipher list; Heka (Go 1.4) had no TLS 1.3, so a list caps
  // the version at 1.2 for it to take effect.
  if (tls.ciphers.length > 0 && options.maxVersion === undefined) options.maxVersion = 'TLSv1.2';
  if (tls.cert_file !== '' || tls.key_file !== '') {
    options.cert = readPem('cert_file', tls.cert_file);
    options.key = readPem('key_file', tls.key_file);
  }
  if (tls.root_cafile !== '') options.ca = readPem('root_cafile', tls.root_cafile);
  const serverName = tls.server_name !== '' ? tls.server_name : host;
  // SNI must not be an IP address; the name is still checked against the certificate.
  if (!/^[\d.]+$|:/.test(serverName)) options.servername = serverName;
  if (tls.server_name !== '') {
    const name = tls.server_name;
    options.checkServerIdentity = (_host, cert) => nodeTls().checkServerIdentity(name, cert);
  }
  return options;
}

/** Validation (-check, heka-flood's config): what would stop a TLS client, as problems under `tls`. */
export function clientTlsProblems(tls: TlsConfig): { key: readonly string[]; message: string; hint: string }[] {
  try {
    tlsClientOptions(tls, 'localhost');
    return [];
  } catch (e) {
    if (!(e instanceof TlsSetupError)) throw e;
    return [{ key: ['tls', e.key], message: e.message, hint: e.hint ?? '' }];
  }
}
