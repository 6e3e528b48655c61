import { HekaError } from '../errors/heka-error.js';

/**
 * A Go (RE2) regular expression that Go would refuse, or that JavaScript cannot express with the
 * same meaning. The message starts with Go's wording ("error parsing regexp: <problem>: `<text>`")
 * so users recognise it, then names the offset.
 */
export class RegexSyntaxError extends HekaError {
  /** Go's name for the problem, e.g. "invalid escape sequence". */
  readonly problem: string;
  /** The offending part of the expression, as Go quotes it. */
  readonly fragment: string;
  /** 0-based offset (UTF-16 index) of the problem in the expression. */
  readonly position: number;
  readonly expression: string;

  constructor(expression: string, problem: string, fragment: string, position: number, hint?: string) {
    super('HEKA_REGEX_INVALID', `error parsing regexp: ${problem}: \`${fragment}\` (at offset ${position} of \`${expression}\`)`, hint === undefined ? {} : { hint });
    this.name = 'RegexSyntaxError';
    this.problem = problem;
    this.fragment = fragment;
    this.position = position;
    this.expression = expression;
  }
}
