// TLS settings as Heka names them (`[name.tls]`), mapped onto Node's OpenSSL.
export * from './tls-names.js';
export * from './tls-fields.js';
export * from './server-options.js';
