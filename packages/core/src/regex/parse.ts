// Parses Go (RE2) regexp syntax, as regexp.Compile reads it (Perl flags), into a RegexNode tree.
// Accepts and rejects what Go accepts and rejects, with Go's wording for each problem; Go 1.22's
// (?<name>…) is accepted too.
import { alternate, concat, type RegexNode } from './ast.js';
import { PERL_GROUPS } from './charset.js';
import { Cursor, readBracketClass, readEscapedChar, readUnicodeName } from './parse-escapes.js';
import { unicodeClass } from './unicode-classes.js';

interface Flags {
  readonly fold: boolean; // (?i)
  readonly multiLine: boolean; // (?m): ^ $ match at line breaks
  readonly dotNL: boolean; // (?s): . matches \n
  readonly ungreedy: boolean; // (?U): swap greedy and lazy
}

const DEFAULT_FLAGS: Flags = { fold: false, multiLine: false, dotNL: false, ungreedy: false };
const MAX_REPEAT = 1000;
const MAX_DEPTH = 1000;

export interface ParsedRegexp {
  readonly root: RegexNode;
  /** Go's SubexpNames: [0] is the whole match, then one entry per group ("" when unnamed). */
  readonly groupNames: readonly string[];
}

export function parseGoRegexp(src: string): ParsedRegexp {
  const p = new Parser(src);
  return { root: p.group(DEFAULT_FLAGS, -1), groupNames: p.names };
}

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const LOOKAROUND = ['(?=', '(?!', '(?<=', '(?<!'];

class Parser extends Cursor {
  private depth = 0;
  readonly names: string[] = [''];

  /** Alternatives up to the `)` closing the group opened at `open` (-1: the whole expression). */
  group(initial: Flags, open: number): RegexNode {
    if (++this.depth > MAX_DEPTH) this.fail('expression nests too deeply', this.src, open);
    const src = this.src;
    let flags = initial;
    const alternatives: RegexNode[] = [];
    let items: RegexNode[] = [];
    let lastRepeat = -1; // where the previous token started, if it was a repetition operator
    while (this.pos < src.length) {
      const start = this.pos;
      let repeatAt = -1;
      const c = src[start]!;
      switch (c) {
        case '(':
          if (src.startsWith('(?', start) && !this.isNamedGroup()) {
            const set = this.flagGroup(flags);
            if (set.opensGroup) items.push(this.group(set.flags, start));
            else flags = set.flags;
          } else {
            items.push(this.capture(flags));
          }
          break;
        case '|':
          alternatives.push(concat(items));
          items = [];
          this.pos++;
          break;
        case ')':
          if (open < 0) this.fail('unexpected )', src, start);
          this.pos++;
          alternatives.push(concat(items));
          this.depth--;
          return alternate(alternatives);
        case '^':
          items.push({ op: 'assert', kind: flags.multiLine ? 'beginLine' : 'beginText' });
          this.pos++;
          break;
        case '$':
          items.push({ op: 'assert', kind: flags.multiLine ? 'endLine' : 'endText' });
          this.pos++;
          break;
        case '.':
          items.push({ op: 'anyChar', dotNL: flags.dotNL });
          this.pos++;
          break;
        case '[':
          items.push(readBracketClass(this, flags.fold));
          break;
        case '*':
        case '+':
        case '?':
          this.pos++;
          this.repeat(items, c === '+' ? 1 : 0, c === '?' ? 1 : -1, false, flags, start, lastRepeat);
          repeatAt = start;
          break;
        case '{': {
          const braces = this.braces();
          if (braces === undefined) {
            items.push({ op: 'literal', cp: 0x7b, fold: flags.fold }); // not a repeat: a literal {
            this.pos++;
            break;
          }
          const { min, max, end } = braces;
          if (min < 0 || min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) {
            this.fail('invalid repeat count', src.slice(start, end), start);
          }
          this.pos = end;
          this.repeat(items, min, max, true, flags, start, lastRepeat);
          repeatAt = start;
          break;
        }
        case '\\':
          this.escape(items, flags);
          break;
        default: {
          const cp = this.codePointAt(start);
          items.push({ op: 'literal', cp, fold: flags.fold });
          this.pos += cp > 0xffff ? 2 : 1;
        }
      }
      lastRepeat = repeatAt;
    }
    if (open >= 0) this.fail('missing closing )', src, open);
    alternatives.push(concat(items));
    this.depth--;
    return alternate(alternatives);
  }

  private isNamedGroup(): boolean {
    const { src, pos } = this;
    return (src.startsWith('(?P<', pos) && src.length > pos + 4) || (src.startsWith('(?<', pos) && src.length > pos + 3 && !LOOKAROUND.some((l) => src.startsWith(l, pos)));
  }

  private capture(flags: Flags): RegexNode {
    const { src } = this;
    const open = this.pos;
    let name = '';
    if (src.startsWith('(?', open)) {
      const nameAt = open + (src[open + 2] === 'P' ? 4 : 3);
      const end = src.indexOf('>', nameAt);
      if (end < 0) this.fail('invalid named capture', src.slice(open), open);
      name = src.slice(nameAt, end);
      if (!/^[A-Za-z0-9_]+$/.test(name)) this.fail('invalid named capture', src.slice(open, end + 1), open);
      this.pos = end + 1;
    } else {
      this.pos = open + 1;
    }
    const index = this.names.length;
    this.names.push(name);
    return { op: 'capture', index, name, sub: this.group(flags, open) };
  }

  /** `(?flags)` or `(?flags:`; anything else after `(?` is Perl syntax RE2 does not have. */
  private flagGroup(flags: Flags): { flags: Flags; opensGroup: boolean } {
    const { src } = this;
    const open = this.pos;
    const lookaround = LOOKAROUND.find((l) => src.startsWith(l, open));
    if (lookaround) this.fail('invalid or unsupported Perl syntax', lookaround, open, 'RE2 (Go regexp) has no lookahead or lookbehind');
    const next: { -readonly [K in keyof Flags]: Flags[K] } = { ...flags };
    let on = true;
    let sawFlag = false;
    let p = open + 2;
    while (p < src.length) {
      const c = src[p++];
      switch (c) {
        case 'i': next.fold = on; sawFlag = true; continue;
        case 'm': next.multiLine = on; sawFlag = true; continue;
        case 's': next.dotNL = on; sawFlag = true; continue;
        case 'U': next.ungreedy = on; sawFlag = true; continue;
        case '-':
          if (!on) break;
          on = false;
          sawFlag = false;
          continue;
        case ':':
        case ')':
          if (!on && !sawFlag) break;
          this.pos = p;
          return { flags: next, opensGroup: c === ':' };
      }
      break;
    }
    const fragment = src.slice(open, p);
    const hint = fragment === '(?>' ? 'RE2 (Go regexp) has no atomic groups' : undefined;
    return this.fail('invalid or unsupported Perl syntax', fragment, open, hint);
  }

  /** Applies a repetition operator (already consumed, up to an optional lazy `?`) to the last item. */
  private repeat(items: RegexNode[], min: number, max: number, braces: boolean, flags: Flags, start: number, lastRepeat: number): void {
    let lazy = false;
    if (this.src[this.pos] === '?') {
      lazy = true;
      this.pos++;
    }
    if (lastRepeat >= 0) {
      const fragment = this.src.slice(lastRepeat, this.pos);
      const hint = fragment.endsWith('+') ? 'RE2 (Go regexp) has no possessive quantifiers' : 'to repeat a repetition, group it: (?:a*)*';
      this.fail('invalid nested repetition operator', fragment, lastRepeat, hint);
    }
    const sub = items.pop();
    if (sub === undefined) this.fail('missing argument to repetition operator', this.src.slice(start, this.pos), start);
    const node: RegexNode = { op: 'repeat', min, max, greedy: flags.ungreedy === lazy, braces, sub };
    if (braces && (min >= 2 || max >= 2) && !repeatIsValid(node, MAX_REPEAT)) {
      this.fail('invalid repeat count', this.src.slice(start, this.pos), start);
    }
    items.push(node);
  }

  /**
   * `{n}`, `{n,}` or `{n,m}` at pos; undefined when it is not a repetition (then `{` is a literal).
   * Numbers over 8 digits read as -1 so that the caller reports an invalid count, as Go does.
   */
  private braces(): { min: number; max: number; end: number } | undefined {
    const { src } = this;
    let p = this.pos + 1;
    const int = (): number | undefined => {
      if (!isDigit(src[p]) || (src[p] === '0' && isDigit(src[p + 1]))) return undefined; // no leading zeros
      const from = p;
      while (isDigit(src[p])) p++;
      return p - from > 8 ? -1 : Number(src.slice(from, p));
    };
    let min = int();
    if (min === undefined) return undefined;
    let max = min;
    if (src[p] === ',') {
      p++;
      if (src[p] === '}') max = -1;
      else {
        const m = int();
        if (m === undefined) return undefined;
        max = m;
        if (m < 0) min = -1;
      }
    }
    if (src[p] !== '}') return undefined;
    return { min, max, end: p + 1 };
  }

  private escape(items: RegexNode[], flags: Flags): void {
    const { src } = this;
    const start = this.pos;
    const c = src[start + 1];
    switch (c) {
      case 'A': items.push({ op: 'assert', kind: 'beginText' }); this.pos += 2; return;
      case 'z': items.push({ op: 'assert', kind: 'endText' }); this.pos += 2; return;
      case 'b': items.push({ op: 'assert', kind: 'wordBoundary' }); this.pos += 2; return;
      case 'B': items.push({ op: 'assert', kind: 'noWordBoundary' }); this.pos += 2; return;
      case 'C': return this.fail('invalid escape sequence', '\\C', start, 'RE2 (Go regexp) cannot match single bytes');
      case 'Q': {
        const end = src.indexOf('\\E', start + 2);
        const text = end < 0 ? src.slice(start + 2) : src.slice(start + 2, end);
        for (const ch of text) items.push({ op: 'literal', cp: ch.codePointAt(0)!, fold: flags.fold });
        this.pos = end < 0 ? src.length : end + 2;
        return;
      }
      case 'p':
      case 'P': {
        const { name, negated } = readUnicodeName(this);
        const set = unicodeClass(name) ?? this.fail('invalid character class range', src.slice(start, this.pos), start);
        items.push({ op: 'class', ranges: set.ranges, props: set.props, negated, fold: flags.fold, at: start, end: this.pos });
        return;
      }
      case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
        this.pos += 2;
        items.push({ op: 'class', ranges: PERL_GROUPS[c.toLowerCase()]!, props: [], negated: c < 'a', fold: flags.fold, at: start, end: this.pos });
        return;
    }
    items.push({ op: 'literal', cp: readEscapedChar(this), fold: flags.fold });
  }
}

/**
 * Go's limit on nested counted repetition: (a{100}){100} would be 10,000 copies of `a`, over
 * the 1000 allowed.
 */
function repeatIsValid(node: RegexNode, n: number): boolean {
  if (node.op === 'repeat' && node.braces) {
    let m = node.max;
    if (m === 0) return true;
    if (m < 0) m = node.min;
    if (m > n) return false;
    if (m > 0) n = Math.trunc(n / m);
  }
  switch (node.op) {
    case 'repeat':
    case 'capture':
      return repeatIsValid(node.sub, n);
    case 'concat':
    case 'alternate':
      return node.subs.every((s) => repeatIsValid(s, n));
    default:
      return true;
  }
}
