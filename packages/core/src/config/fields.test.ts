import { decodeSection, type DecodeTarget } from './decode.js';
import { computed, f, type ConfigSchema } from './fields.js';
import { defaultGlobals } from './globals.js';
import { formatIssue, type ConfigIssue } from './issues.js';

function target(name = 'sec'): DecodeTarget {
  return {
    section: name,
    context: { name, globals: defaultGlobals(), given: () => undefined },
    unknownKeyMessage: (key) => `unknown config setting for '${name}': ${key}`,
    unknownKeyHint: 'see the docs',
  };
}

function decode(schema: ConfigSchema, raw: Record<string, unknown>) {
  const issues: ConfigIssue[] = [];
  const value = decodeSection(schema, raw, target(), issues);
  return { value, lines: issues.map(formatIssue) };
}

describe('field builders', () => {
  it.each([
    [f.string({ default: '' , doc: 'd' }), 5, '[sec].k: expected a string, got integer 5 — quote it: k = "5"'],
    [f.bool({ default: false, doc: 'd' }), 'true', '[sec].k: expected a boolean, got string "true" — write k = true without quotes'],
    [f.bool({ default: false, doc: 'd' }), 1, '[sec].k: expected a boolean, got integer 1 — write k = true or k = false'],
    [f.int({ default: 0, doc: 'd' }), '10', '[sec].k: expected an integer, got string "10" — write k = 10 without quotes'],
    [f.int({ default: 0, doc: 'd' }), 1.5, '[sec].k: expected an integer, got float 1.5 — write a whole number without quotes, e.g. k = 1'],
    [f.uint({ default: 0, doc: 'd' }), 'ten', '[sec].k: expected a non-negative integer, got string "ten" — write a whole number without quotes, e.g. k = 1'],
    [f.uint({ default: 0, doc: 'd' }), -1, '[sec].k: must not be negative, got -1 — write k = 0 or more'],
    [f.uint({ default: 1, min: 1, doc: 'd' }), 0, '[sec].k: must be at least 1, got 0 — write k = 1 or more'],
    [f.uint({ default: 0, max: 10, doc: 'd' }), 11, '[sec].k: must be at most 10, got 11 — write k = 10 or less'],
    [f.uint({ default: 0, doc: 'd' }), 18446744073709551615n, '[sec].k: 18446744073709551615 is too large — the largest value accepted here is 9007199254740991'],
    [f.float({ default: 0, doc: 'd' }), '1.5', '[sec].k: expected a number, got string "1.5" — write k = 1.5 without quotes'],
    [f.oneOf(['AND', 'OR'], { default: 'AND', doc: 'd' }), 'or', '[sec].k: expected one of "AND", "OR", got string "or" — write k = "OR"'],
    [f.oneOf([0, 1, 4], { default: 0, doc: 'd' }), 2, '[sec].k: expected one of 0, 1, 4, got integer 2 — use one of 0, 1, 4'],
    [f.duration({ default: '1m', doc: 'd' }), 60, '[sec].k: expected a duration string, got integer 60 — write a quoted duration with a unit, e.g. k = "60s"'],
    [f.duration({ default: '1m', doc: 'd' }), '1d', '[sec].k: unknown unit "d" in duration "1d" — use a number and a unit (ns, us, ms, s, m, h), e.g. k = "1m30s"'],
    [f.array(f.string({ doc: 'd' }), { default: [], doc: 'd' }), 'a', '[sec].k: expected an array, got string "a" — put the value in brackets: k = ["a"]'],
    [f.array(f.string({ doc: 'd' }), { default: [], doc: 'd' }), ['a', 2], '[sec].k[1]: expected a string, got integer 2 — quote it: k = "2"'],
    [f.group({ x: f.int({ default: 0, doc: 'd' }) }, { doc: 'd' }), 3, '[sec].k: expected a table, got integer 3 — write it as a sub-table: [<section>.k] with one key = value per line'],
    [f.map(f.int({ doc: 'd' }), { doc: 'd' }), { a: 'x' }, '[sec].k.a: expected an integer, got string "x" — write a whole number without quotes, e.g. a = 1'],
    [f.regexp({ default: '', doc: 'd' }), 'a(b', '[sec].k: error parsing regexp: missing closing ): `a(b` (at offset 1 of `a(b`) — Heka uses Go\'s regular expression syntax (RE2)'],
  ])('%# reports a bad value precisely', (field, raw, line) => {
    expect(decode({ k: field }, { k: raw })).toEqual({ value: undefined, lines: [line] });
  });

  it('decodes good values and fills defaults, frozen', () => {
    const schema = {
      name: f.string({ default: 'x', doc: 'd' }),
      re: f.regexp({ default: '(?P<Year>\\d{4})', doc: 'd' }),
      on: f.bool({ default: true, doc: 'd' }),
      every: f.duration({ default: '250ms', doc: 'd' }),
      count: f.uint({ default: 1, zeroMeansDefault: true, doc: 'd' }),
      tags: f.array(f.string({ doc: 'd' }), { default: ['a'], doc: 'd' }),
      who: f.string({ default: computed((c) => `${c.name}!`, 'the name'), doc: 'd' }),
      maybe: f.string({ optional: true, doc: 'd' }),
      retries: f.group({ delay: f.duration({ default: '1s', doc: 'd' }), max: f.int({ default: -1, doc: 'd' }) }, { doc: 'd' }),
      signer: f.map(f.group({ key: f.string({ doc: 'd' }) }, { doc: 'd' }), { doc: 'd' }),
    };
    const { value, lines } = decode(schema, { COUNT: 0, Every: '1m30s', retries: { max: 3 }, signer: { ops_0: { key: 'k' } } });
    expect(lines).toEqual([]);
    expect(value).toEqual({
      name: 'x', re: '(?P<Year>\\d{4})', on: true, every: 90_000_000_000n, count: 1, tags: ['a'], who: 'sec!', maybe: undefined,
      retries: { delay: 1_000_000_000n, max: 3 }, signer: { ops_0: { key: 'k' } },
    });
    expect(Object.isFrozen(value)).toBe(true);
    expect(Object.isFrozen(value!.retries)).toBe(true);
    expect(Object.isFrozen(value!.tags)).toBe(true);
  });

  it('reports every problem at once: unknown, duplicate, required, wrong type', () => {
    const schema = { address: f.string({ required: true, example: ':5565', doc: 'd' }), net: f.string({ default: 'tcp', doc: 'd' }), count: f.int({ default: 0, doc: 'd' }) };
    expect(decode(schema, { adress: ':1', net: 'tcp', NET: 'udp', count: 'x', colour: 1 }).lines).toEqual([
      "[sec].adress: unknown config setting for 'sec': adress — did you mean \"address\"?",
      '[sec].NET: "NET" and "net" are the same setting (keys are matched case-insensitively) — keep only one of them',
      '[sec].count: expected an integer, got string "x" — write a whole number without quotes, e.g. count = 1',
      "[sec].colour: unknown config setting for 'sec': colour — see the docs",
      '[sec].address: `address` setting is required — add address = ":5565"',
    ]);
  });

  it('names nested unknown keys by their path and lists the group\'s settings', () => {
    const schema = { buffering: f.group({ max_file_size: f.uint({ default: 1, doc: 'd' }), full_action: f.string({ default: 's', doc: 'd' }) }, { doc: 'd' }) };
    expect(decode(schema, { buffering: { max_fil_size: 1, other: 2 } }).lines).toEqual([
      "[sec].buffering.max_fil_size: unknown config setting for 'sec': buffering.max_fil_size — did you mean \"max_file_size\"?",
      "[sec].buffering.other: unknown config setting for 'sec': buffering.other — remove it; the settings here are max_file_size, full_action",
    ]);
  });

  it('only warns about unknown keys in a loose group', () => {
    const schema = { retries: f.group({ delay: f.duration({ default: '1s', doc: 'd' }) }, { loose: true, doc: 'd' }) };
    const { value, lines } = decode(schema, { retries: { dealy: '2s' } });
    expect(value).toEqual({ retries: { delay: 1_000_000_000n } });
    expect(lines).toEqual(['warning: [sec].retries.dealy: ignored: not a setting Heka knows here — did you mean "delay"?']);
  });

  it('keeps a map key named __proto__ an ordinary entry', () => {
    const { value } = decode({ m: f.map(f.int({ doc: 'd' }), { doc: 'd' }) }, JSON.parse('{"m": {"__proto__": 1}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(value!.m)).toBe(Object.prototype);
    expect(Object.entries(value!.m)).toEqual([['__proto__', 1]]);
  });

  it('takes any value as parsed in a map of f.any (a sandbox\'s free-form config table)', () => {
    const { value, lines } = decode({ config: f.map(f.any({ doc: 'd' }), { doc: 'd' }) }, { config: { s: 'x', n: 3n, b: true, a: [1], t: { k: 1 } } });
    expect(lines).toEqual([]);
    expect(value!.config).toEqual({ s: 'x', n: 3n, b: true, a: [1], t: { k: 1 } });
  });

  it('runs value checks, which may only warn', () => {
    const schema = {
      d: f.string({ default: '\n', doc: 'd', check: (v) => (v.length === 1 ? undefined : 'must be one character') }),
      m: f.map(f.int({ doc: 'd' }), { doc: 'd', checkKey: (k) => (k.includes('_') ? undefined : { severity: 'warning', message: `odd key ${k}` }) }),
    };
    expect(decode(schema, { d: 'ab', m: { a: 1 } })).toEqual({ value: undefined, lines: ['[sec].d: must be one character', 'warning: [sec].m.a: odd key a'] });
  });

  it('uses a field\'s own message when a required field is missing', () => {
    const schema = { m: f.string({ required: true, doc: 'd', missing: ({ name }) => ({ message: `'${name}' missing thing` }) }) };
    expect(decode(schema, {}).lines).toEqual(["[sec].m: 'sec' missing thing"]);
  });

  it('lets a plugin change a default, merging a partial group default', () => {
    const group = f.group({ a: f.int({ default: 1, doc: 'd' }), b: f.int({ default: 2, doc: 'd' }) }, { doc: 'd' });
    const ctx = target().context;
    expect(group.withDefault({ b: 5 }).defaultValue(ctx)).toEqual({ a: 1, b: 5 });
    expect(f.string({ required: true, doc: 'd' }).withDefault('x').required).toBe(false);
    expect(f.duration({ default: '1s', doc: 'd' }).defaultText).toBe('"1s"');
    expect(f.string({ default: computed(() => 'h', 'the host name'), doc: 'd' }).defaultText).toBe('the host name');
  });
});
