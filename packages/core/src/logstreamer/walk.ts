// The recursive directory walk of a scan: entries in byte order per directory (Go's
// filepath.Walk), symlinked directories not descended into, unreadable directories skipped.
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const byBytes = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

export interface WalkResult {
  /** Paths of the non-directory entries (symlinks included) that `keep` accepted, in walk order. */
  readonly files: string[];
  /** Directories that could not be read, with the reason. */
  readonly unreadable: { readonly path: string; readonly reason: string }[];
}

export async function walkFiles(root: string, keep: (path: string) => boolean): Promise<WalkResult> {
  const result: WalkResult = { files: [], unreadable: [] };
  const rootInfo = await lstat(root).catch(() => undefined);
  if (rootInfo === undefined) return result;
  if (!rootInfo.isDirectory()) {
    if (keep(root)) result.files.push(root);
    return result;
  }
  await walkDirectory(root, keep, result);
  return result;
}

async function walkDirectory(dir: string, keep: (path: string) => boolean, result: WalkResult): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    result.unreadable.push({ path: dir, reason: (e as NodeJS.ErrnoException).code ?? (e as Error).message });
    return;
  }
  entries.sort((a, b) => byBytes(a.name, b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    let isDirectory = entry.isDirectory();
    if (!isDirectory && !entry.isFile() && !entry.isSymbolicLink()) {
      // Some file systems do not report entry types; ask lstat (which does not follow links).
      isDirectory = (await lstat(path).catch(() => undefined))?.isDirectory() ?? false;
    }
    if (isDirectory) await walkDirectory(path, keep, result);
    else if (keep(path)) result.files.push(path);
  }
}
