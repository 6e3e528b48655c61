// What TLS servers and clients share: reading PEM files, and the protocol versions and cipher
// suites of a `[name.tls]` table in Node's terms.
import { readFileSync } from 'node:fs';
import type { SecureVersion } from 'node:tls';
import { HekaError } from '../errors/heka-error.js';
import { nodeTls } from '../node/lazy-builtins.js';
import type { TlsConfig } from './tls-fields.js';
import { GO_CIPHERS, TLS_VERSIONS, TLS_VERSION_ORDER, type TlsVersionName } from './tls-names.js';

/** A TLS setting that cannot be used, with the `tls` key it is about (a user error: no stack). */
export class TlsSetupError extends HekaError {
  override name = 'TlsSetupError';
  constructor(readonly key: string, message: string, hint: string) {
    super('HEKA_TLS_SETUP', message, { hint });
  }
}

export function readPem(key: keyof TlsConfig, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TlsSetupError(key, `can't read '${path}': ${code ?? (e as Error).message}`, `give tls.${key} the path of a readable PEM file`);
  }
}

const isOlder = (a: TlsVersionName, b: TlsVersionName): boolean => TLS_VERSION_ORDER.indexOf(a) < TLS_VERSION_ORDER.indexOf(b);

export interface VersionsAndCiphers {
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
}

/** min_version, max_version and ciphers as Node options. Throws TlsSetupError. */
export function versionsAndCiphers(tls: TlsConfig): VersionsAndCiphers {
  if (tls.min_version && tls.max_version && isOlder(tls.max_version, tls.min_version)) {
    throw new TlsSetupError('max_version', `MaxVersion (${tls.max_version}) must be newer than MinVersion (${tls.min_version})`, 'swap them, or raise max_version');
  }
  const options: VersionsAndCiphers = {};
  const minVersion = tls.min_version && TLS_VERSIONS[tls.min_version];
  const maxVersion = tls.max_version && TLS_VERSIONS[tls.max_version];
  if (minVersion) options.minVersion = minVersion;
  if (maxVersion) options.maxVersion = maxVersion;
  let ciphers = tls.ciphers.length > 0 ? tls.ciphers.map((c) => GO_CIPHERS[c]).join(':') : undefined;
  // OpenSSL 3 refuses TLS 1.0/1.1 at its default security level; a config asking for them gets them.
  if (tls.min_version === 'TLS10' || tls.min_version === 'TLS11') ciphers = `${ciphers ?? nodeTls().DEFAULT_CIPHERS}:@SECLEVEL=0`;
  if (ciphers !== undefined) options.ciphers = ciphers;
  return options;
}
