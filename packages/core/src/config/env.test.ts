import { ENV_INVALID_CHARS, ENV_MISSING_CLOSE, substituteEnv } from './env.js';

const env = { LOG_DIR: '/var/log/app', PORT: '5565', TOML: 'x = 1' };

describe('substituteEnv', () => {
  it('replaces references, leaves other % alone and empties unset variables', () => {
    expect(substituteEnv('dir = "%ENV[LOG_DIR]/%ENV[NOPE]" # 100% [x]', env)).toEqual({ ok: true, text: 'dir = "/var/log/app/" # 100% [x]' });
  });

  it('substitutes raw text, so a value may bring its own TOML', () => {
    expect(substituteEnv('[a]\n%ENV[TOML]\naddress = ":%ENV[PORT]"', env)).toEqual({ ok: true, text: '[a]\nx = 1\naddress = ":5565"' });
  });

  it('reports a reference with no closing bracket at its start', () => {
    const text = 'a = 1\nb = "%ENV[LOG_DIR"\n';
    expect(substituteEnv(text, env)).toMatchObject({ ok: false, message: ENV_MISSING_CLOSE, offset: text.indexOf('%ENV[') });
  });

  it.each([
    ['a space', 'x = "%ENV[LOG DIR]"', 'a variable name cannot contain spaces or tabs; write %ENV[NAME]'],
    ['a tab', 'x = "%ENV[LOG\tDIR]"', 'a variable name cannot contain spaces or tabs; write %ENV[NAME]'],
    ['a line break (an unclosed reference)', 'x = "%ENV[LOG_DIR"\n[next]', 'this reference is not closed on its line; write %ENV[NAME]'],
    ['a nested reference', 'x = "%ENV[A%ENV[B]"', 'this reference is not closed on its line; write %ENV[NAME]'],
  ])('refuses a name with %s', (_what, text, hint) => {
    expect(substituteEnv(text, env)).toEqual({ ok: false, message: ENV_INVALID_CHARS, offset: 5, hint });
  });
});
