// Code point range sets and the ASCII-only classes Go defines (Perl \d \s \w and POSIX [:name:]).
import type { Range } from './ast.js';

export const MAX_RUNE = 0x10ffff;

/** Sorted, non-overlapping, non-adjacent ranges. */
export function normalize(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** Every code point not in `ranges`. */
export function complement(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of normalize(ranges)) {
    if (lo > next) out.push([next, lo - 1]);
    next = hi + 1;
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

/** Removes U+D800–U+DFFF: Go never sees surrogates in a string, so they can never match. */
export function withoutSurrogates(ranges: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const [lo, hi] of ranges) {
    if (hi < 0xd800 || lo > 0xdfff) out.push([lo, hi]);
    else {
      if (lo < 0xd800) out.push([lo, 0xd7ff]);
      if (hi > 0xdfff) out.push([0xe000, hi]);
    }
  }
  return out;
}

const r = (a: string, b: string = a): Range => [a.codePointAt(0)!, b.codePointAt(0)!];

/** Perl classes; Go gives them ASCII meaning (\s has no \v). */
export const PERL_GROUPS: Readonly<Record<string, readonly Range[]>> = {
  d: [r('0', '9')],
  s: [r('\t', '\n'), r('\f', '\r'), r(' ')],
  w: [r('0', '9'), r('A', 'Z'), r('_'), r('a', 'z')],
};

/** POSIX classes, valid only inside brackets: [[:alpha:]], [[:^alpha:]]. */
export const POSIX_GROUPS: Readonly<Record<string, readonly Range[]>> = {
  alnum: [r('0', '9'), r('A', 'Z'), r('a', 'z')],
  alpha: [r('A', 'Z'), r('a', 'z')],
  ascii: [[0, 0x7f]],
  blank: [r('\t'), r(' ')],
  cntrl: [[0, 0x1f], [0x7f, 0x7f]],
  digit: [r('0', '9')],
  graph: [r('!', '~')],
  lower: [r('a', 'z')],
  print: [r(' ', '~')],
  punct: [r('!', '/'), r(':', '@'), r('[', '`'), r('{', '~')],
  space: [r('\t', '\r'), r(' ')],
  upper: [r('A', 'Z')],
  word: [r('0', '9'), r('A', 'Z'), r('a', 'z'), r('_')],
  xdigit: [r('0', '9'), r('A', 'F'), r('a', 'f')],
};
