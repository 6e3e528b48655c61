// @heka/core: what two or more Heka commands share. Each area owns its own index.
export * from './message/index.js';
export * from './matcher/index.js';
export * from './regex/index.js';
export * from './config/index.js';
export * from './plugin/index.js';
export * from './logstreamer/index.js';
export * from './errors/heka-error.js';
export * from './tls/index.js';
export * from './cli/go-flags.js';
export * from './cli/run-command.js';
export * from './log/go-log-prefix.js';
export * from './client/index.js';
export * from './cli/live-format.js';
export * from './node/lazy-builtins.js';
