// Writes a parsed Go regexp as JavaScript RegExp source with the same meaning.
// - Never uses JS `m` (its ^ $ also break at \r, U+2028, U+2029) nor `.` (it skips \r too):
//   line anchors become lookarounds on \n and `.` becomes [^\n].
// - Uses `u` only when code point semantics matter: `.`, negated classes, \p, astral
//   characters, case folding. Without it, classes never contain surrogates, so a class can
//   never match half of an astral character.
// - Case folding: when every case-sensitive part of the pattern is under (?i), the `iu` flags do
//   what Go does; when only some parts are, those parts are folded into explicit classes.
import type { PropItem, Range, RegexNode } from './ast.js';
import { normalize, withoutSurrogates } from './charset.js';
import { RegexSyntaxError } from './errors.js';
import { foldClosure, foldOrbit, mayFold } from './fold.js';

type FoldMode = 'none' | 'flag' | 'expand';
type ClassNode = Extract<RegexNode, { op: 'class' }>;

export interface EmittedRegexp {
  readonly source: string;
  readonly flags: string;
}

export function emitJsRegexp(expression: string, root: RegexNode): EmittedRegexp {
  const mode = foldMode(root);
  const lowered = lower(root, mode, expression);
  const unicode = mode === 'flag' || needsUnicode(lowered);
  const source = new Emitter(unicode).node(lowered);
  return { source, flags: mode === 'flag' ? 'iu' : unicode ? 'u' : '' };
}

function classMayFold(c: ClassNode): boolean {
  return c.props.length > 0 || c.ranges.some(([lo, hi]) => hi >= 0x80 || (lo <= 0x7a && hi >= 0x41 && !(hi < 0x61 && lo > 0x5a)));
}

function visit(node: RegexNode, f: (n: RegexNode) => void): void {
  f(node);
  if (node.op === 'capture' || node.op === 'repeat') visit(node.sub, f);
  else if (node.op === 'concat' || node.op === 'alternate') for (const s of node.subs) visit(s, f);
}

/** Whether case-sensitive parts are all folded ('flag'), none ('none') or some ('expand'). */
function foldMode(root: RegexNode): FoldMode {
  let folded = false;
  let exact = false;
  visit(root, (n) => {
    if ((n.op === 'literal' && mayFold(n.cp)) || (n.op === 'class' && classMayFold(n))) {
      if (n.fold) folded = true;
      else exact = true;
    }
  });
  if (!folded) return 'none';
  return exact ? 'expand' : 'flag';
}

/** Rewrites nodes into forms that JavaScript reads the Go way under the chosen fold mode. */
function lower(node: RegexNode, mode: FoldMode, expression: string): RegexNode {
  switch (node.op) {
    case 'literal': {
      // Go never sees a surrogate in a string; JavaScript would pair \uD83D\uDE00 into one character.
      if (node.cp >= 0xd800 && node.cp <= 0xdfff) return { op: 'class', ranges: [], props: [], negated: false, fold: false, at: 0, end: 0 };
      if (mode !== 'expand' || !node.fold) return node;
      const orbit = foldOrbit(node.cp);
      if (orbit.length === 1) return node;
      return { op: 'class', ranges: orbit.map((cp): Range => [cp, cp]), props: [], negated: false, fold: false, at: 0, end: 0 };
    }
    case 'class':
      return lowerClass(node, mode, expression);
    case 'capture':
      return { ...node, sub: lower(node.sub, mode, expression) };
    case 'repeat':
      return { ...node, sub: lower(node.sub, mode, expression) };
    case 'concat':
    case 'alternate':
      return { ...node, subs: node.subs.map((s) => lower(s, mode, expression)) };
    default:
      return node;
  }
}

function lowerClass(node: ClassNode, mode: FoldMode, expression: string): ClassNode {
  let { ranges, props, negated } = node;
  const folding = node.fold && mode !== 'none';
  if (folding && props.length > 0) {
    const fail = (why: string): never => {
      throw new RegexSyntaxError(expression, why, expression.slice(node.at, node.end), node.at, 'JavaScript cannot express this combination; list the characters instead');
    };
    if (mode === 'expand') fail('case-insensitive Unicode class in a partly case-insensitive expression is not supported');
    // Under `iu`, JavaScript folds a negated \P{…} item the wrong way round; negating the
    // whole class instead is exact, which works when the \P{…} is alone.
    if (props.some((p) => p.negated)) {
      if (props.length > 1 || ranges.length > 0) fail('negated Unicode class combined with other items under (?i) is not supported');
      props = props.map((p): PropItem => ({ name: p.name, negated: false }));
      negated = !negated;
    }
  }
  if (folding && mode === 'expand') ranges = foldClosure(ranges);
  return { ...node, ranges: normalize(withoutSurrogates(ranges)), props, negated, fold: false };
}

function needsUnicode(root: RegexNode): boolean {
  let unicode = false;
  visit(root, (n) => {
    if (n.op === 'anyChar' || (n.op === 'literal' && n.cp > 0xffff)) unicode = true;
    if (n.op === 'class' && (n.negated || n.props.length > 0 || n.ranges.some(([, hi]) => hi > 0xffff))) unicode = true;
  });
  return unicode;
}

const SYNTAX = '^$\\.*+?()[]{}|/';
const CLASS_SYNTAX = '\\]^-[';
const NAMED_ESCAPES: Readonly<Record<number, string>> = { 9: '\\t', 10: '\\n', 13: '\\r' };

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, '0');
}

class Emitter {
  private readonly usedNames = new Set<string>();

  constructor(private readonly unicode: boolean) {}

  private char(cp: number, inClass: boolean): string {
    if (cp < 0x80) {
      const ch = String.fromCharCode(cp);
      if ((inClass ? CLASS_SYNTAX : SYNTAX).includes(ch)) return `\\${ch}`;
      if (cp >= 0x20 && cp < 0x7f) return ch;
      return NAMED_ESCAPES[cp] ?? `\\x${hex(cp, 2)}`;
    }
    if (cp <= 0xffff) return `\\u${hex(cp, 4)}`;
    if (!this.unicode) throw new Error(`internal: astral character without the u flag`);
    return `\\u{${hex(cp, 1)}}`;
  }

  private charClass(c: ClassNode): string {
    const { ranges, props, negated } = c;
    const only = ranges[0];
    if (!negated && props.length === 0 && ranges.length === 1 && only![0] === only![1]) return this.char(only![0], false);
    let s = negated ? '[^' : '[';
    for (const [lo, hi] of ranges) {
      s += this.char(lo, true);
      if (hi > lo) s += (hi > lo + 1 ? '-' : '') + this.char(hi, true);
    }
    for (const p of props) s += `${p.negated ? '\\P' : '\\p'}{${p.name}}`;
    return `${s}]`;
  }

  /** `sub` written so that a quantifier after it applies to all of it. */
  private atom(sub: RegexNode): string {
    const s = this.node(sub);
    switch (sub.op) {
      case 'literal':
      case 'class':
      case 'anyChar':
      case 'capture':
        return s;
      default:
        return `(?:${s})`;
    }
  }

  node(n: RegexNode): string {
    switch (n.op) {
      case 'empty':
        return '';
      case 'literal':
        return this.char(n.cp, false);
      case 'class':
        return this.charClass(n);
      case 'anyChar':
        return n.dotNL ? '[^]' : '[^\\n]';
      case 'assert':
        switch (n.kind) {
          case 'beginText': return '^';
          case 'endText': return '$';
          case 'beginLine': return '(?<![^\\n])';
          case 'endLine': return '(?![^\\n])';
          case 'wordBoundary': return '\\b';
          case 'noWordBoundary': return '\\B';
        }
        break;
      case 'capture': {
        // JavaScript names must be unique identifiers; other Go names stay in groupNames only.
        const named = /^[A-Za-z_]\w*$/.test(n.name) && !this.usedNames.has(n.name);
        if (named) this.usedNames.add(n.name);
        return `(${named ? `?<${n.name}>` : ''}${this.node(n.sub)})`;
      }
      case 'concat':
        return n.subs.map((s) => (s.op === 'alternate' ? `(?:${this.node(s)})` : this.node(s))).join('');
      case 'alternate':
        return n.subs.map((s) => this.node(s)).join('|');
      case 'repeat':
        return this.atom(n.sub) + quantifier(n.min, n.max, n.braces) + (n.greedy ? '' : '?');
    }
    throw new Error('internal: unknown regexp node');
  }
}

function quantifier(min: number, max: number, braces: boolean): string {
  if (!braces) return max === 1 ? '?' : min === 1 ? '+' : '*';
  if (min === max) return `{${min}}`;
  return max < 0 ? `{${min},}` : `{${min},${max}}`;
}
