// Heka's TLS vocabulary (Go crypto/tls names, spec plugins §2.4) and what each means to Node's
// OpenSSL. Heka users' configs name Go constants; Node wants OpenSSL names.
import { nodeTls } from '../node/lazy-builtins.js';

/** Heka's 13 allowed cipher suite names → the OpenSSL name of the same suite. */
export const GO_CIPHERS = {
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
} as const;

export type GoCipher = keyof typeof GO_CIPHERS;

let available: ReadonlySet<string> | undefined;

/** Whether this Node's OpenSSL can negotiate the suite (RC4 and 3DES are gone from OpenSSL 3). */
export function cipherAvailable(name: GoCipher): boolean {
  available ??= new Set(nodeTls().getCiphers());
  return available.has(GO_CIPHERS[name].toLowerCase());
}

/** The Go names this build can use, for hints. */
export function availableGoCiphers(): GoCipher[] {
  return (Object.keys(GO_CIPHERS) as GoCipher[]).filter(cipherAvailable);
}

/** Heka's version names → Node's; SSL 3.0 has no Node equivalent (refused in validation). */
export const TLS_VERSIONS = { SSL30: undefined, TLS10: 'TLSv1', TLS11: 'TLSv1.1', TLS12: 'TLSv1.2' } as const;
export type TlsVersionName = keyof typeof TLS_VERSIONS;
export const TLS_VERSION_ORDER: readonly TlsVersionName[] = ['SSL30', 'TLS10', 'TLS11', 'TLS12'];

/** Go's tls.ClientAuthType names, weakest first. */
export const CLIENT_AUTH = ['NoClientCert', 'RequestClientCert', 'RequireAnyClientCert', 'VerifyClientCertIfGiven', 'RequireAndVerifyClientCert'] as const;
export type ClientAuth = (typeof CLIENT_AUTH)[number];
