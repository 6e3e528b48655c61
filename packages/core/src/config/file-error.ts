import { HekaError } from '../errors/heka-error.js';

export interface SourcePosition {
  readonly line: number;
  /** 1-based, in characters. */
  readonly column: number;
}

/** Line and column of a character offset. */
export function positionAt(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') { line++; lineStart = i + 1; }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The offending line and a caret under the column (tabs kept so the caret lines up). */
export function excerpt(text: string, pos: SourcePosition): string {
  const lineText = (text.split('\n')[pos.line - 1] ?? '').replace(/\r$/, '');
  const pad = lineText.slice(0, Math.max(0, pos.column - 1)).replace(/[^\t]/g, ' ');
  return `    ${lineText}\n    ${pad}^`;
}

/**
 * A config file that cannot be read, environment-substituted or parsed; the whole file is unusable.
 * The message names the file, line and column and shows the offending text.
 */
export class ConfigFileError extends HekaError {
  readonly file: string;
  readonly position: SourcePosition | undefined;
  readonly reason: string;
  /** The offending line with a caret, when the position is known. */
  readonly excerpt: string | undefined;

  constructor(code: string, file: string, reason: string, options: { text?: string; position?: SourcePosition; hint?: string; cause?: unknown } = {}) {
    const { position, text } = options;
    const shown = position && text !== undefined ? excerpt(text, position) : undefined;
    super(code, `${locationOf(file, position)}: ${reason}${shown ? `\n${shown}` : ''}`, { hint: options.hint, cause: options.cause });
    this.name = 'ConfigFileError';
    this.file = file;
    this.position = position;
    this.reason = reason;
    this.excerpt = shown;
  }
}

function locationOf(file: string, position: SourcePosition | undefined): string {
  return position ? `${file}:${position.line}:${position.column}` : file;
}

/** `file:line:col: reason — hint`, then the offending line and caret: the one-line issue style. */
export function formatFileError(e: ConfigFileError): string {
  const hint = e.hint ? ` — ${e.hint}` : '';
  return `${locationOf(e.file, e.position)}: ${e.reason}${hint}${e.excerpt ? `\n${e.excerpt}` : ''}`;
}
