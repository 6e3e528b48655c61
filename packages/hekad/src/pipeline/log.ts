// Log lines as Heka writes them: informational lines to stdout, errors to stderr, each with the
// Go log prefix chosen by `[hekad] log_flags` (default 3: "2006/01/02 15:04:05 ").
// Engines never print: they call a PipelineLog, which a test can capture.
import { goLogPrefix, nowNs } from '@heka/core';

export interface PipelineLog {
  info(text: string): void;
  error(text: string): void;
}

export function consoleLog(flags: number, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): PipelineLog {
  return {
    info: (text) => void out.write(`${goLogPrefix(flags, nowNs())}${text}\n`),
    error: (text) => void err.write(`${goLogPrefix(flags, nowNs())}${text}\n`),
  };
}

/** A log that keeps the lines, for tests. */
export function memoryLog(): PipelineLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (t) => void lines.push(t), error: (t) => void lines.push(`ERROR ${t}`) };
}
