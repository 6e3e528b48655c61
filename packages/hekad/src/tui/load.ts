// Loads the live view (`hekad -tui`) when asked for: plain runs do not pay for React and ink.
// ink is an ES module only. It is imported here first and handed over under a global symbol,
// which is what the view's `import … from 'ink'` reads in hekad's CommonJS bundle
// (scripts/bundle.js --code-cache, scripts/esm-only-externals.js); elsewhere the hand-over is unused.
import type * as Run from './run.js';

export async function loadTui(): Promise<typeof Run> {
  (globalThis as Record<symbol, unknown>)[Symbol.for('heka.esm-only:ink')] = await import('ink');
  return import('./run.js');
}
