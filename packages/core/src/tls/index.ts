// TLS settings as Heka names them (`[name.tls]`), mapped onto Node's OpenSSL.
export * from './tls-names.js';
export * from './tls-fields.js';
export * from './server-options.js';
export * from './tls-common.js';
export * from './client-options.js';
