import { HekaError } from '../errors/heka-error.js';

/** Byte offset → UTF-16 index in `s` (positions in Heka's messages count UTF-8 bytes). */
export function indexOfByte(s: string, byte: number): number {
  let bytes = 0;
  let i = 0;
  while (i < s.length && bytes < byte) {
    const cp = s.codePointAt(i)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

function hintFor(expression: string, position: number): string {
  const newline = expression.indexOf('\n');
  if (newline >= 0 && indexOfByte(expression, position) > newline) {
    return 'a message_matcher ends at the first newline; write the whole expression on one line';
  }
  const before = expression.slice(0, indexOfByte(expression, position));
  return `the expression stops making sense at byte ${position}: ${JSON.stringify(before)} <- here`;
}

/**
 * A message_matcher Heka 0.10 would refuse. The message is Heka's own
 * ("syntax error: last token: <sym> pos: <byte offset>"); `position` and `lastToken` carry its
 * parts. As in Heka, the last token is the last identifier, number, string or regex read, and
 * the position is the byte offset the lexer had reached.
 */
export class MatcherSyntaxError extends HekaError {
  readonly expression: string;
  readonly lastToken: string;
  /** Byte offset (UTF-8) the lexer had reached when the parse failed. */
  readonly position: number;

  constructor(expression: string, lastToken: string, position: number) {
    super('HEKA_MATCHER_SYNTAX', `syntax error: last token: ${lastToken} pos: ${position}`, { hint: hintFor(expression, position) });
    this.name = 'MatcherSyntaxError';
    this.expression = expression;
    this.lastToken = lastToken;
    this.position = position;
  }
}
