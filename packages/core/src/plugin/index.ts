// Plugins: the one-declaration helper, the registry and whole-config validation.
export * from './common-fields.js';
export * from './define.js';
export * from './dependencies.js';
export * from './docs.js';
export * from './family.js';
export * from './heka-types.js';
export * from './instance.js';
export * from './references.js';
export * from './registry.js';
export * from './rules.js';
export * from './validate.js';
