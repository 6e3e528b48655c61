// `%ENV[NAME]` substitution, done on the raw text of each config file before TOML parsing, as
// Heka does: the replacement may itself contain TOML syntax, and it applies inside comments too.

export const ENV_MISSING_CLOSE = 'Missing closing delimiter';
export const ENV_INVALID_CHARS = 'Invalid characters in environmental variable';

const OPEN = '%ENV[';

export type EnvResult =
  | { ok: true; text: string }
  | { ok: false; message: typeof ENV_MISSING_CLOSE | typeof ENV_INVALID_CHARS; hint: string; offset: number };

/** Replaces every `%ENV[NAME]` by the variable's value ("" when unset). */
export function substituteEnv(text: string, env: Readonly<Record<string, string | undefined>>): EnvResult {
  let out = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf(OPEN, from);
    if (start < 0) return { ok: true, text: out + text.slice(from) };
    const nameStart = start + OPEN.length;
    const end = text.indexOf(']', nameStart);
    if (end < 0) {
      return { ok: false, message: ENV_MISSING_CLOSE, offset: start, hint: 'end the reference with "]", as in %ENV[NAME]' };
    }
    const name = text.slice(nameStart, end);
    if (/[ \t\r\n]/.test(name) || name.includes(OPEN)) {
      const unclosed = /[\r\n]/.test(name) || name.includes(OPEN);
      return {
        ok: false,
        message: ENV_INVALID_CHARS,
        offset: start,
        hint: unclosed
          ? 'this reference is not closed on its line; write %ENV[NAME]'
          : 'a variable name cannot contain spaces or tabs; write %ENV[NAME]',
      };
    }
    out += text.slice(from, start) + (env[name] ?? '');
    from = end + 1;
  }
}
