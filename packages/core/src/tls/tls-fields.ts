// The `[name.tls]` sub-table shared by TcpInput, TcpOutput and the other TLS plugins (spec
// plugins §2.4), with Heka's key names (including its `sesion_ticket_key` typo) and checks that
// catch at validation what Heka only found when the plugin started.
import { f, type ConfigValues } from '../config/index.js';
import {
  CLIENT_AUTH, GO_CIPHERS, TLS_VERSION_ORDER, availableGoCiphers, cipherAvailable, type GoCipher,
} from './tls-names.js';

const versionField = (which: 'Oldest' | 'Newest') => f.oneOf(TLS_VERSION_ORDER, {
  optional: true,
  doc: `${which} protocol version accepted; when unset, Node's default (${which === 'Oldest' ? 'TLS 1.2' : 'TLS 1.3'}).`,
  invalidMessage: (raw) => `Invalid ${which === 'Oldest' ? 'MinVersion' : 'MaxVersion'}: ${String(raw)}`,
  check: (value) => (value === 'SSL30' ? {
    message: 'SSL 3.0 is not available: Node\'s OpenSSL has no SSLv3',
    hint: 'write "TLS10" or newer',
  } : undefined),
});

const cipher = f.oneOf(Object.keys(GO_CIPHERS) as GoCipher[], {
  doc: 'A cipher suite, by its Go name.',
  invalidMessage: (raw) => `Invalid cipher string: ${String(raw)}`,
  check: (name) => (cipherAvailable(name) ? undefined : {
    message: `${name} (OpenSSL ${GO_CIPHERS[name]}) is not available in this build's OpenSSL (RC4 and 3DES were removed)`,
    hint: `remove it; available: ${availableGoCiphers().join(', ')}`,
  }),
});

const TICKET_KEY = /^[0-9a-fA-F]{64}$/;

/** The fields of a `tls` table; servers default prefer_server_ciphers to true, as Heka's do. */
export function tlsFields(preferServerCiphers: boolean) {
  return {
    cert_file: f.string({ default: '', doc: 'PEM certificate (chain) this end presents; servers require it.' }),
    key_file: f.string({ default: '', secret: true, doc: 'PEM private key of cert_file; servers require it.' }),
    client_auth: f.oneOf(CLIENT_AUTH, {
      default: 'NoClientCert',
      doc: 'Servers: whether to ask for a client certificate, require one, and verify it against client_cafile (Go\'s names).',
      invalidMessage: (raw) => `Invalid ClientAuth value: ${String(raw)}`,
    }),
    client_cafile: f.string({ default: '', doc: 'Servers: PEM file of the CAs client certificates are verified against; empty means the system roots.' }),
    root_cafile: f.string({ default: '', doc: 'Clients: PEM file of the CAs the server certificate is verified against; empty means the system roots.' }),
    server_name: f.string({ default: '', doc: 'Clients: the host name to verify the server certificate for (and to send as SNI).' }),
    insecure_skip_verify: f.bool({ default: false, doc: 'Clients: accept any server certificate (for tests only).' }),
    ciphers: f.array(cipher, { default: [], doc: 'Cipher suites allowed for TLS 1.0–1.2, by Go name (ECDHE_RSA_WITH_AES_128_GCM_SHA256, …); empty for the defaults.' }),
    prefer_server_ciphers: f.bool({ default: preferServerCiphers, doc: 'Servers: choose the cipher suite by this end\'s order rather than the client\'s.' }),
    session_tickets_disabled: f.bool({ default: false, doc: 'Servers: do not issue session tickets.' }),
    sesion_ticket_key: f.string({
      default: '',
      secret: true,
      advanced: true,
      doc: 'Servers: 64 hex digits (32 bytes) keying session tickets, so several servers resume each other\'s sessions (Heka spells the key with one s).',
      check: (value) => (value === '' || TICKET_KEY.test(value) ? undefined : {
        message: `Invalid SessionTicketKey: expected 64 hex digits, got ${value.length} characters`,
        hint: 'generate one with `openssl rand -hex 32`',
      }),
    }),
    min_version: versionField('Oldest'),
    max_version: versionField('Newest'),
  } as const;
}

/** The `tls` group; `preferServerCiphers` is true for Heka's servers (TcpInput, HttpListenInput). */
export function tlsGroup(options: { readonly preferServerCiphers: boolean }) {
  return f.group(tlsFields(options.preferServerCiphers), {
    doc: 'TLS settings (`[name.tls]`), used when `use_tls` is true.',
  });
}

export type TlsConfig = ConfigValues<ReturnType<typeof tlsFields>>;
