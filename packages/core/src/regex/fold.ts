// Unicode simple case folding, for (?i) regions that JavaScript's all-or-nothing `i` flag cannot
// express. Go folds at parse time (a literal "k" under (?i) becomes [Kk\u212A]); we do the same.
// JavaScript's `iu` matching follows the same simple case folding, so it is our oracle: orbits are
// grouped by a cheap upper→lower key and then checked against a /…/iu regex.
import type { Range } from './ast.js';
import { normalize } from './charset.js';

const K = 0x4b, S = 0x53, KELVIN = 0x212a, LONG_S = 0x17f;

let orbits: Map<number, readonly number[]> | undefined;
let foldable: number[] | undefined;

function single(s: string): number | undefined {
  const cp = s.codePointAt(0)!;
  return s.length === (cp > 0xffff ? 2 : 1) ? cp : undefined;
}

/** True when `cp` may have case variants (cheap, errs on the side of yes). */
export function mayFold(cp: number): boolean {
  if (cp < 0x80) return (cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a;
  const s = String.fromCodePoint(cp);
  return s.toLowerCase() !== s || s.toUpperCase() !== s;
}

function asciiOrbit(cp: number): number[] {
  const upper = cp & ~0x20;
  if (upper === K) return [K, K + 0x20, KELVIN];
  if (upper === S) return [S, S + 0x20, LONG_S];
  return [upper, upper + 0x20];
}

function fold(cp: number): string {
  return String.fromCodePoint(cp).replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

function buildOrbits(): Map<number, readonly number[]> {
  const groups = new Map<number, number[]>();
  for (let cp = 0; cp <= 0x1ffff; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    if (!mayFold(cp)) continue;
    const up = single(String.fromCodePoint(cp).toUpperCase()) ?? cp;
    const key = single(String.fromCodePoint(up).toLowerCase()) ?? up;
    const g = groups.get(key);
    if (g) g.push(cp);
    else groups.set(key, [cp]);
  }
  const map = new Map<number, readonly number[]>();
  for (let members of groups.values()) {
    // Split each group into true orbits: the key merges a few pairs folding does not (ı and i).
    while (members.length > 1) {
      const head = new RegExp(`^${fold(members[0]!)}$`, 'iu');
      const orbit = members.filter((m) => head.test(String.fromCodePoint(m)));
      members = members.filter((m) => !orbit.includes(m));
      if (orbit.length > 1) for (const m of orbit) map.set(m, orbit);
    }
  }
  return map;
}

function table(): Map<number, readonly number[]> {
  orbits ??= buildOrbits();
  return orbits;
}

/** Every code point equivalent to `cp` under simple case folding (including cp), sorted. */
export function foldOrbit(cp: number): readonly number[] {
  if (cp < 0x80) return mayFold(cp) ? asciiOrbit(cp) : [cp];
  return table().get(cp) ?? [cp];
}

/** The smallest fold-closed set containing `ranges`. */
export function foldClosure(ranges: readonly Range[]): Range[] {
  const out: Range[] = [...ranges];
  if (ranges.every(([, hi]) => hi < 0x80)) {
    for (const [lo, hi] of ranges) for (let cp = lo; cp <= hi; cp++) if (mayFold(cp)) for (const o of asciiOrbit(cp)) out.push([o, o]);
    return normalize(out);
  }
  foldable ??= [...table().keys()].sort((a, b) => a - b);
  for (const [lo, hi] of ranges) {
    for (let i = lowerBound(foldable, lo); i < foldable.length && foldable[i]! <= hi; i++) {
      for (const o of table().get(foldable[i]!)!) out.push([o, o]);
    }
  }
  return normalize(out);
}

function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
