// The parts of Go regexp syntax that read characters rather than structure: escapes (`\n`,
// `\x{263a}`, `\101`, `\.`), Unicode class names (`\pL`, `\p{^Greek}`) and bracket classes
// (`[^a-z[:digit:]\p{Lu}]`), with Go's rules and error wording.
import type { PropItem, Range, RegexNode } from './ast.js';
import { complement, PERL_GROUPS, POSIX_GROUPS } from './charset.js';
import { RegexSyntaxError } from './errors.js';
import { foldClosure } from './fold.js';
import { negatedUnicodeClass, unicodeClass } from './unicode-classes.js';

/** A position in the expression, shared by the parser and the readers below. */
export class Cursor {
  pos = 0;

  constructor(readonly src: string) {}

  fail(problem: string, fragment: string, at: number, hint?: string): never {
    throw new RegexSyntaxError(this.src, problem, fragment, at, hint);
  }

  codePointAt(at: number): number {
    return this.src.codePointAt(at)!;
  }
}

const isOctal = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '7';
const isAlnum = (cp: number): boolean => (cp >= 0x30 && cp <= 0x39) || ((cp | 0x20) >= 0x61 && (cp | 0x20) <= 0x7a);

function unhex(c: string | undefined): number {
  if (c === undefined) return -1;
  const v = parseInt(c, 16);
  return Number.isNaN(v) ? -1 : v;
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

/** One escaped character at the cursor (on the backslash); consumes it. */
export function readEscapedChar(cur: Cursor): number {
  const { src } = cur;
  const start = cur.pos;
  if (start + 1 >= src.length) cur.fail('trailing backslash at end of expression', '', start);
  const cp = cur.codePointAt(start + 1);
  let p = start + 1 + (cp > 0xffff ? 2 : 1);
  const invalid = (): never => {
    const hint = /^\\[1-9]/.test(src.slice(start)) ? 'RE2 (Go regexp) has no backreferences' : undefined;
    return cur.fail('invalid escape sequence', src.slice(start, p), start, hint);
  };
  const done = (value: number): number => {
    cur.pos = p;
    return value;
  };
  if (cp < 0x80 && !isAlnum(cp)) return done(cp); // escaped punctuation is itself
  const c = String.fromCodePoint(cp);
  if ((c >= '1' && c <= '7' && isOctal(src[p])) || c === '0') {
    // Octal, up to three digits; a lone \1–\7 would be a backreference, which RE2 lacks.
    let value = cp - 0x30;
    for (let i = 1; i < 3 && isOctal(src[p]); i++) value = value * 8 + (src.charCodeAt(p++) - 0x30);
    return done(value);
  }
  if (c === 'x') {
    if (src[p] !== '{') {
      const x = unhex(src[p]);
      const y = unhex(src[p + 1]);
      p = Math.min(p + 2, src.length);
      return x < 0 || y < 0 ? invalid() : done(x * 16 + y);
    }
    p++;
    let value = 0;
    let digits = 0;
    for (;;) {
      if (p >= src.length) invalid();
      const ch = src[p++];
      if (ch === '}') break;
      const v = unhex(ch);
      if (v < 0) invalid();
      value = value * 16 + v;
      if (value > 0x10ffff) invalid();
      digits++;
    }
    return digits === 0 ? invalid() : done(value);
  }
  const simple = SIMPLE_ESCAPES[c];
  return simple === undefined ? invalid() : done(simple);
}

/** `\p{Name}`, `\p{^Name}` or `\pN` at the cursor; consumes it. `negated` includes `\P`. */
export function readUnicodeName(cur: Cursor): { name: string; negated: boolean } {
  const { src } = cur;
  const start = cur.pos;
  let negated = src[start + 1] === 'P';
  let name: string;
  if (src[start + 2] === '{') {
    const end = src.indexOf('}', start + 3);
    if (end < 0) cur.fail('invalid character class range', src.slice(start), start);
    name = src.slice(start + 3, end);
    cur.pos = end + 1;
  } else {
    name = start + 2 < src.length ? String.fromCodePoint(cur.codePointAt(start + 2)) : '';
    cur.pos = start + 2 + name.length;
  }
  if (name.startsWith('^')) {
    negated = !negated;
    name = name.slice(1);
  }
  return { name, negated };
}

/** `[...]` at the cursor, Go's rules: `]` first is literal, `-` anywhere, POSIX names inside. */
export function readBracketClass(cur: Cursor, fold: boolean): RegexNode {
  const { src } = cur;
  const start = cur.pos;
  cur.pos++;
  let negated = false;
  if (src[cur.pos] === '^') {
    negated = true;
    cur.pos++;
  }
  const ranges: Range[] = [];
  const props: PropItem[] = [];
  // A negated ASCII group inside brackets is folded before it is complemented, as Go does.
  const addGroup = (group: readonly Range[], negate: boolean): void => {
    ranges.push(...(negate ? complement(fold ? foldClosure(group) : group) : group));
  };
  let first = true;
  while (cur.pos >= src.length || src[cur.pos] !== ']' || first) {
    if (cur.pos >= src.length) cur.fail('missing closing ]', src.slice(start), start);
    first = false;
    const at = cur.pos;
    if (src.startsWith('[:', at)) {
      const end = src.indexOf(':]', at + 2);
      if (end >= 0) {
        const name = src.slice(at, end + 2);
        const inner = name.slice(2, -2);
        const key = inner.startsWith('^') ? inner.slice(1) : inner;
        const group = Object.hasOwn(POSIX_GROUPS, key) ? POSIX_GROUPS[key] : undefined;
        if (group === undefined) return cur.fail('invalid character class range', name, at);
        addGroup(group, inner.startsWith('^'));
        cur.pos = end + 2;
        continue;
      }
    }
    const escaped = src[at] === '\\' ? src[at + 1] : undefined;
    if (escaped === 'p' || escaped === 'P') {
      const { name, negated: neg } = readUnicodeName(cur);
      const set = (neg ? negatedUnicodeClass(name) : unicodeClass(name)) ?? cur.fail('invalid character class range', src.slice(at, cur.pos), at);
      ranges.push(...set.ranges);
      props.push(...set.props);
      continue;
    }
    if (escaped !== undefined && 'dDsSwW'.includes(escaped)) {
      addGroup(PERL_GROUPS[escaped.toLowerCase()]!, escaped < 'a');
      cur.pos += 2;
      continue;
    }
    const lo = classChar(cur, start);
    let hi = lo;
    if (src[cur.pos] === '-' && cur.pos + 1 < src.length && src[cur.pos + 1] !== ']') {
      cur.pos++;
      hi = classChar(cur, start);
      if (hi < lo) cur.fail('invalid character class range', src.slice(at, cur.pos), at);
    }
    ranges.push([lo, hi]);
  }
  cur.pos++;
  return { op: 'class', ranges, props, negated, fold, at: start, end: cur.pos };
}

function classChar(cur: Cursor, classStart: number): number {
  const { src } = cur;
  if (cur.pos >= src.length) cur.fail('missing closing ]', src.slice(classStart), classStart);
  if (src[cur.pos] === '\\') return readEscapedChar(cur);
  const cp = cur.codePointAt(cur.pos);
  cur.pos += cp > 0xffff ? 2 : 1;
  return cp;
}
