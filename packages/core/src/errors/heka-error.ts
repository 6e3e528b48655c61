/**
 * A user-facing problem: bad config, missing file, bad flag. Rendered as message + hint with no
 * stack, and the command exits with `exitCode`. Anything else thrown is a bug and shows a stack.
 */
export class HekaError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly exitCode: number;
  /** Print the message exactly as it is (usage texts), without the command-name prefix. */
  readonly verbatim: boolean;

  constructor(code: string, message: string, options: { hint?: string; exitCode?: number; verbatim?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HekaError';
    this.code = code;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
    this.verbatim = options.verbatim ?? false;
  }
}

export function isHekaError(e: unknown): e is HekaError {
  return e instanceof HekaError;
}

/** The text a user sees for an error: message, then the hint on its own line. */
export function formatError(e: HekaError): string {
  return e.hint ? `${e.message}\n  hint: ${e.hint}` : e.message;
}
