// Heka's logstreamer test tree, copied into a fresh temp dir with every mtime set to now (the
// default oldest_duration of 720h skips older files).
import { cpSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './spawn.js';

export const LOGSTREAMER_FIXTURE = join(repoRoot, '..', 'shared', 'fixtures', 'heka-logstreamer-testdir');

export interface TempTree {
  /** The copy's root: holds filehandling/, reader/, shortlog/. */
  readonly dir: string;
  remove(): void;
}

function touchAll(dir: string, when: Date): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) touchAll(path, when);
    utimesSync(path, when, when);
  }
}

export function copyLogstreamerFixture(prefix = 'heka-logstreamer-'): TempTree {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cpSync(LOGSTREAMER_FIXTURE, dir, { recursive: true });
  touchAll(dir, new Date());
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
