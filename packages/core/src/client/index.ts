// Clients: senders over TCP (with TLS and reconnects) and UDP, and the stream encoder.
export * from './address.js';
export * from './backoff.js';
export * from './sender.js';
export * from './stream-encoder.js';
export * from './tcp-sender.js';
export * from './udp-sender.js';
export * from './go-net-error.js';
export * from './signer-config.js';
