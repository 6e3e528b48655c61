// Go (RE2) regular expressions for JavaScript: translate once, then use a native RegExp.
// Used by the message matcher, LogstreamerInput's file_match and PayloadRegexDecoder.
import type { RegexNode } from './ast.js';
import { emitJsRegexp } from './emit.js';
import { mayFold } from './fold.js';
import { parseGoRegexp } from './parse.js';

/** A pattern that is a plain string, possibly anchored; lets callers skip the regex engine. */
export interface LiteralPattern {
  readonly text: string;
  /** `^literal` / `\Aliteral`: the string must start with `text`. */
  readonly anchoredStart: boolean;
  /** `literal$` / `literal\z`: the string must end with `text`. */
  readonly anchoredEnd: boolean;
}

export interface GoRegexpTranslation {
  /** The Go expression as given. */
  readonly expression: string;
  /** JavaScript RegExp source and flags with the same meaning. */
  readonly source: string;
  readonly flags: string;
  /**
   * Go's SubexpNames: groupNames[i] names match[i]; [0] is the whole match, "" an unnamed group.
   * Names that JavaScript cannot use (duplicates, leading digit) appear only here.
   */
  readonly groupNames: readonly string[];
  /** Set when the whole expression is a literal string, e.g. `^nginx` or `error$`. */
  readonly literal: LiteralPattern | undefined;
}

/** Translates Go regexp syntax; throws RegexSyntaxError (HEKA_REGEX_INVALID) where Go would refuse. */
export function translateGoRegexp(expression: string): GoRegexpTranslation {
  const { root, groupNames } = parseGoRegexp(expression);
  const { source, flags } = emitJsRegexp(expression, root);
  return { expression, source, flags, groupNames, literal: literalPattern(root) };
}

/**
 * A RegExp that matches as Go's regexp.MustCompile(expression) does. `extraFlags` may add `g`,
 * `y` or `d` for callers that iterate or need indices.
 */
export function compileGoRegexp(expression: string, extraFlags = ''): RegExp {
  if (!/^[gyd]*$/.test(extraFlags)) throw new TypeError(`compileGoRegexp: unsupported extra flags "${extraFlags}"`);
  const t = translateGoRegexp(expression);
  return new RegExp(t.source, t.flags + extraFlags);
}

function literalPattern(root: RegexNode): LiteralPattern | undefined {
  const items = root.op === 'concat' ? [...root.subs] : [root];
  const first = items[0];
  const anchoredStart = first?.op === 'assert' && first.kind === 'beginText';
  if (anchoredStart) items.shift();
  const last = items[items.length - 1];
  const anchoredEnd = last?.op === 'assert' && last.kind === 'endText';
  if (anchoredEnd) items.pop();
  let text = '';
  for (const n of items) {
    if (n.op === 'empty') continue;
    if (n.op !== 'literal' || (n.fold && mayFold(n.cp)) || (n.cp >= 0xd800 && n.cp <= 0xdfff)) return undefined;
    text += String.fromCodePoint(n.cp);
  }
  return { text, anchoredStart, anchoredEnd };
}
