// Log lines as Heka writes them: informational lines to stdout, errors to stderr, each with the
// Go log prefix chosen by `[hekad] log_flags` (default 3: "2006/01/02 15:04:05 ").
// Engines never print: they call a PipelineLog, which a test can capture.

export interface PipelineLog {
  info(text: string): void;
  error(text: string): void;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Go's log prefix for the flag bits Ldate 1, Ltime 2, Lmicroseconds 4, LUTC 32 (file bits ignored). */
export function goLogPrefix(flags: number, now = new Date()): string {
  if ((flags & 7) === 0) return '';
  const utc = (flags & 32) !== 0;
  const [y, mo, d, h, mi, s] = utc
    ? [now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate(), now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds()]
    : [now.getFullYear(), now.getMonth() + 1, now.getDate(), now.getHours(), now.getMinutes(), now.getSeconds()];
  let out = '';
  if (flags & 1) out += `${pad(y, 4)}/${pad(mo)}/${pad(d)} `;
  if (flags & 6) {
    out += `${pad(h)}:${pad(mi)}:${pad(s)}`;
    if (flags & 4) out += `.${pad((utc ? now.getUTCMilliseconds() : now.getMilliseconds()) * 1000, 6)}`;
    out += ' ';
  }
  return out;
}

export function consoleLog(flags: number, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): PipelineLog {
  return {
    info: (text) => void out.write(`${goLogPrefix(flags)}${text}\n`),
    error: (text) => void err.write(`${goLogPrefix(flags)}${text}\n`),
  };
}

/** A log that keeps the lines, for tests. */
export function memoryLog(): PipelineLog & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (t) => void lines.push(t), error: (t) => void lines.push(`ERROR ${t}`) };
}
