// Where hekad finds shipped resources (lua_decoders/, lua_modules/, …): share_dir as configured,
// except that Heka's default /usr/share/heka, when it is not installed, means the copy laid out
// in this package by its build (dist/share).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HekadGlobals } from '@heka/core';

export const HEKA_SHARE_DIR = '/usr/share/heka';

/** The package's own share_dir; the same path from src/ (tests) and dist/ (the build). */
export const BUNDLED_SHARE_DIR = fileURLToPath(new URL('../../dist/share', import.meta.url));

let installed: boolean | undefined;

export function shareDir(globals: Pick<HekadGlobals, 'share_dir'>): string {
  if (globals.share_dir !== HEKA_SHARE_DIR) return globals.share_dir;
  installed ??= existsSync(HEKA_SHARE_DIR);
  return installed ? HEKA_SHARE_DIR : BUNDLED_SHARE_DIR;
}
