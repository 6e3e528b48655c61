// Files of this package found at run time (the wasm, the shipped Lua, the decoder worker) are
// named from its root. This module sits two directories down in src/ (tests), in dist/ (the
// compiled modules) and, bundled, in dist/bundle/ (bin/hekad): one relative URL fits all three.
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));
