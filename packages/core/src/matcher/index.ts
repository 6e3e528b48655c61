// Heka's message matcher language (spec §2): compile an expression once, match many messages.
import type { Message } from '../message/message.js';
import { compileNode, constantOf } from './compile.js';
import { parseMatcher } from './parser.js';
import { matcherWarnings } from './warnings.js';
import type { MatcherNode } from './ast.js';

export interface MessageMatcher {
  readonly expression: string;
  match(msg: Message): boolean;
  /**
   * Where Heka reads the expression in a way its author probably did not mean: text ignored after
   * a newline or an unknown token (quirk Q4), juxtaposed expressions (Q1), malformed numbers (Q3).
   */
  readonly warnings: readonly string[];
  /**
   * The result for every message when the expression does not depend on the message ("TRUE",
   * "FALSE", or folded to one of them): the router then need not read (decode) the message.
   */
  readonly constant?: boolean | undefined;
  /**
   * The expression reads no Uuid, Payload or Fields: it gives the same answer for messages that
   * differ only in those (the records of one read, which share their headers and timestamp).
   */
  readonly headersOnly?: boolean;
}

/** Compiles a message_matcher expression; throws MatcherSyntaxError where Heka 0.10 would. */
export function compileMatcher(expression: string): MessageMatcher {
  const parsed = parseMatcher(expression);
  const match = compileNode(parsed.root);
  return { expression, match, warnings: matcherWarnings(expression, parsed), constant: constantOf(match), headersOnly: readsHeadersOnly(parsed.root) };
}

function readsHeadersOnly(node: MatcherNode): boolean {
  switch (node.kind) {
    case 'const':
    case 'numericCompare':
      return true;
    case 'and':
    case 'or':
      return readsHeadersOnly(node.left) && readsHeadersOnly(node.right);
    case 'stringCompare':
    case 'stringMatch':
      return node.variable !== 'Uuid' && node.variable !== 'Payload';
    case 'fieldTest':
      return false;
  }
}

export { MatcherSyntaxError } from './errors.js';
export { parseMatcher, type ParsedMatcher } from './parser.js';
export type { MatcherNode } from './ast.js';
