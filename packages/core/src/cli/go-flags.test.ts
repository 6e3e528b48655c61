import { parseGoFlags, formatUsage } from './go-flags.js';
import type { HekaError } from '../errors/heka-error.js';

const specs = {
  format: { type: 'string', default: 'txt', usage: 'output format' },
  tail: { type: 'bool', default: false, usage: 'keep reading' },
  offset: { type: 'int', default: 0, usage: 'start offset' },
} as const;

function thrown(f: () => unknown): HekaError {
  try { f(); } catch (e) { return e as HekaError; }
  throw new Error('expected a throw');
}

describe('parseGoFlags', () => {
  it.each([
    [['-format=json'], 'json'],
    [['-format', 'json'], 'json'],
    [['--format', 'json'], 'json'],
    [['--format=json'], 'json'],
  ])('reads %j as Go does', (argv, format) => {
    expect(parseGoFlags('t', specs, argv).values.format).toBe(format);
  });

  it('treats a bare bool flag as true and stops at the first positional argument', () => {
    const r = parseGoFlags('t', specs, ['-tail', 'file.log', '-offset=3']);
    expect(r.values).toEqual({ format: 'txt', tail: true, offset: 0 });
    expect(r.args).toEqual(['file.log', '-offset=3']);
    expect([...r.given]).toEqual(['tail']);
  });

  it('collects every occurrence of a repeatable (strings) flag, in order, without sharing the default array', () => {
    const repeat = { field: { type: 'strings', default: [], usage: 'a field' } } as const;
    expect(parseGoFlags('t', repeat, ['-field', 'a=1', '--field=b:int=2', '-field=c']).values.field).toEqual(['a=1', 'b:int=2', 'c']);
    expect(parseGoFlags('t', repeat, []).values.field).toEqual([]);
    expect(formatUsage('t', repeat)).toBe('Usage of t:\n  -field value\n    \ta field\n');
  });

  it('rejects an unknown flag with exit 2 and the usage', () => {
    const e = thrown(() => parseGoFlags('t', specs, ['-nope']));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^flag provided but not defined: -nope\nUsage of t:/);
  });

  it('rejects a bad integer', () => {
    const e = thrown(() => parseGoFlags('t', specs, ['-offset=x']));
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('invalid value "x" for flag -offset');
  });

  it('answers -h with the usage and exit 0', () => {
    const e = thrown(() => parseGoFlags('t', specs, ['-h']));
    expect(e.exitCode).toBe(0);
    expect(e.message).toBe(formatUsage('t', specs));
  });

  it('formats usage like Go PrintDefaults', () => {
    expect(formatUsage('t', specs)).toBe(
      'Usage of t:\n  -format string\n    \toutput format (default "txt")\n  -offset int\n    \tstart offset\n  -tail\n    \tkeep reading\n',
    );
  });
});
