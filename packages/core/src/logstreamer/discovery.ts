// Stream formation: matched files are filtered by age, scored, grouped into streams by the
// differentiator and sorted oldest→newest by priority.
import { stat } from 'node:fs/promises';
import { matchParts, type LowerTranslation } from './match-parts.js';
import type { FilePattern } from './pattern.js';
import { walkFiles } from './walk.js';

/** One matched file of a stream. */
export interface LogFile {
  readonly path: string;
  /** Raw capture texts by group name. */
  readonly raw: ReadonlyMap<string, string>;
  /** Sort scores by group name (a key missing from priority counts as 0). */
  readonly scores: ReadonlyMap<string, number>;
  /** Why one of its captures could not be scored (Heka ignored this; its order may be wrong). */
  readonly error: string | undefined;
}

/** A problem with one file: its sort value could not be worked out. */
export interface FileProblem {
  readonly file: string;
  readonly reason: string;
}

export interface SortSpec {
  readonly priority: readonly string[];
  readonly differentiator: readonly string[];
  readonly translation: LowerTranslation;
}

/** Walks the root and keeps the files the pattern matches, newer than `oldestMs` ago (0 = any age). */
export async function findLogFiles(pattern: FilePattern, oldestMs: number, translation: LowerTranslation, now = Date.now()): Promise<LogFile[]> {
  const { files } = await walkFiles(pattern.root, (path) => pattern.regexp.test(path));
  let kept = files;
  if (oldestMs > 0) {
    const cutoff = now - oldestMs;
    const fresh = await Promise.all(files.map(async (path) => ((await stat(path).catch(() => undefined))?.mtimeMs ?? -Infinity) > cutoff));
    kept = files.filter((_, i) => fresh[i]);
  }
  return kept.map((path) => {
    const m = pattern.regexp.exec(path);
    const parts = matchParts(pattern.groupNames, m ? [...m] : [], translation);
    return { path, raw: parts.raw, scores: parts.scores, error: parts.error };
  });
}

/** The stream name of a file: differentiator items that name a capture become its raw text. */
export function streamName(file: LogFile, differentiator: readonly string[]): string {
  return differentiator.map((item) => file.raw.get(item) ?? item).join('');
}

/** Groups files into streams by name, keeping walk order within each. */
export function groupByStream(files: readonly LogFile[], differentiator: readonly string[]): Map<string, LogFile[]> {
  const streams = new Map<string, LogFile[]>();
  for (const file of files) {
    const name = streamName(file, differentiator);
    const list = streams.get(name);
    if (list) list.push(file);
    else streams.set(name, [file]);
  }
  return streams;
}

/** Compares two files by the priority keys (`^Key` = descending); 0 when all keys are equal. */
export function comparePriority(priority: readonly string[]): (a: LogFile, b: LogFile) => number {
  const keys = priority.map((p) => (p.startsWith('^') ? { key: p.slice(1), sign: -1 } : { key: p, sign: 1 }));
  return (a, b) => {
    for (const { key, sign } of keys) {
      const x = a.scores.get(key) ?? 0;
      const y = b.scores.get(key) ?? 0;
      if (x !== y) return x < y ? -sign : sign;
    }
    return 0;
  };
}

/** Sorts a stream's files oldest→newest (a stable sort; Heka's was not). */
export function sortByPriority(files: readonly LogFile[], priority: readonly string[]): LogFile[] {
  return [...files].sort(comparePriority(priority));
}

/** Heka's message for a stream whose files cannot be ordered. */
export function multipleWithoutPriority(name: string, fileMatch: string, files: readonly LogFile[]): string {
  return `Found multiple logfiles without Priority to sort on for name: ${name}, filematch: ${fileMatch}, files: [${files.map((f) => f.path).join(' ')}]`;
}
