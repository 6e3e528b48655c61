// Test helpers and tables shared by every package (imported as @heka/core/testing).
export * from './heka-test-message.js';
export * from '../matcher/matcher.cases.js';
export * from './spawn.js';
export * from './logstreamer-fixture.js';
export * from './frame-sink.js';
export * from './tls-certs.js';
export * from './tls-settings.js';
export * from './tmux.js';
