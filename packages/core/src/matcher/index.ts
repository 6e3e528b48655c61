// Heka's message matcher language (spec §2): compile an expression once, match many messages.
import type { Message } from '../message/message.js';
import { compileNode } from './compile.js';
import { parseMatcher } from './parser.js';
import { matcherWarnings } from './warnings.js';

export interface MessageMatcher {
  readonly expression: string;
  match(msg: Message): boolean;
  /**
   * Where Heka reads the expression in a way its author probably did not mean: text ignored after
   * a newline or an unknown token (quirk Q4), juxtaposed expressions (Q1), malformed numbers (Q3).
   */
  readonly warnings: readonly string[];
}

/** Compiles a message_matcher expression; throws MatcherSyntaxError where Heka 0.10 would. */
export function compileMatcher(expression: string): MessageMatcher {
  const parsed = parseMatcher(expression);
  return { expression, match: compileNode(parsed.root), warnings: matcherWarnings(expression, parsed) };
}

export { MatcherSyntaxError } from './errors.js';
export { parseMatcher, type ParsedMatcher } from './parser.js';
export type { MatcherNode } from './ast.js';
