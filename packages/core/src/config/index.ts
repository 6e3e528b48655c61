// Configuration: Heka TOML files and directories, %ENV[], [hekad] globals, field schemas.
export * from './decode.js';
export * from './describe.js';
export * from './duration.js';
export * from './env.js';
export * from './fields.js';
export * from './file-error.js';
export * from './globals.js';
export * from './issues.js';
export * from './load.js';
export * from './suggest.js';
export * from './toml.js';
export { quoteLegacyNames, originalColumn, type LegacyTomlResult } from './toml-dialect.js';
