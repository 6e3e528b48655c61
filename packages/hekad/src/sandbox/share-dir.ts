// Where hekad finds shipped resources (lua_decoders/, lua_modules/, …): share_dir as configured,
// except that Heka's default /usr/share/heka, when it is not installed, means the copy laid out
// in this package by its build (dist/share).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HekadGlobals } from '@heka/core';
import { PACKAGE_ROOT } from './package-root.js';

export const HEKA_SHARE_DIR = '/usr/share/heka';

/** The package's own share_dir, laid out by its build. */
export const BUNDLED_SHARE_DIR = join(PACKAGE_ROOT, 'dist', 'share');

let installed: boolean | undefined;

export function shareDir(globals: Pick<HekadGlobals, 'share_dir'>): string {
  if (globals.share_dir !== HEKA_SHARE_DIR) return globals.share_dir;
  installed ??= existsSync(HEKA_SHARE_DIR);
  return installed ? HEKA_SHARE_DIR : BUNDLED_SHARE_DIR;
}
