import { compileGoRegexp, translateGoRegexp } from './go-regexp.js';
import { RegexSyntaxError } from './errors.js';

function thrown(f: () => unknown): RegexSyntaxError {
  try { f(); } catch (e) { return e as RegexSyntaxError; }
  throw new Error('expected a throw');
}

/** First match of the translated expression in `input`, or null (Go's FindString, nil as null). */
function find(expr: string, input: string): string | null {
  const m = compileGoRegexp(expr).exec(input);
  return m === null ? null : m[0];
}

// [Go expression, input, what Go's FindString returns (null: no match)]
const MATCHES: [string, string, string | null][] = [
  // `.` is any character but \n (JavaScript's also skips \r and U+2028), one code point wide
  ['a.c', 'a\nc', null],
  ['a.c', 'a\rc', 'a\rc'],
  ['a.c', 'a\u2028c', 'a\u2028c'],
  ['^.$', '😀', '😀'],
  ['(?s)a.c', 'a\nc', 'a\nc'],
  // without (?m), $ is the end of the text only (not before a final \n)
  ['^abc$', 'abc', 'abc'],
  ['^abc$', 'abc\n', null],
  ['\\Aabc\\z', 'abc', 'abc'],
  // (?m) breaks lines at \n only
  ['(?m)^b$', 'a\nb\nc', 'b'],
  ['(?m)^b$', 'a\rb\rc', null],
  ['(?m)^b', 'b', 'b'],
  ['(?m)c$', 'a\nc', 'c'],
  // Perl classes are ASCII
  ['\\d+', '٣4', '4'],
  ['\\s', '\v', null],
  ['\\s', '\u00a0', null],
  ['\\s+', 'a \t\n\f\rb', ' \t\n\f\r'],
  ['\\w+', 'é_a1', '_a1'],
  ['\\W', 'aé', 'é'],
  ['\\D', '1😀', '😀'],
  ['\\bfoo\\b', 'a foo b', 'foo'],
  ['\\Bo', 'foo', 'o'],
  // POSIX and Unicode classes
  ['[[:alpha:]]+', '123abc456', 'abc'],
  ['[[:^digit:]]+', '123abc', 'abc'],
  ['[[:punct:]]+', 'a!/[`{~b', '!/[`{~'],
  ['[[:space:]]+', 'a\v\tb', '\v\t'],
  ['\\pL+', '1héllo2', 'héllo'],
  ['\\p{Greek}+', 'abc αβγ', 'αβγ'],
  ['\\PL', 'ab1', '1'],
  ['\\p{^Greek}', 'αb', 'b'],
  ['[\\p{Lu}\\d]+', 'aB1c', 'B1'],
  ['[^\\P{Nd}]+', 'a٣4b', '٣4'],
  ['\\pC', 'a\u0000', '\u0000'],
  ['\\p{Any}', '😀', '😀'],
  // negated classes match whole code points
  ['^[^a]$', '😀', '😀'],
  ['[^a]', 'a\n', '\n'],
  ['\\x{1F600}+', 'x😀😀', '😀😀'],
  // case folding: global, scoped and partial
  ['(?i)hello', 'HeLLo', 'HeLLo'],
  ['(?i)k', '\u212a', '\u212a'],
  ['(?i)σ', 'ς', 'ς'],
  ['a(?i)b', 'aB', 'aB'],
  ['a(?i)b', 'AB', null],
  ['(?i:b)c', 'Bc', 'Bc'],
  ['(?i:b)c', 'BC', null],
  ['(?i:é)x', 'Éx', 'Éx'],
  ['(?i:s)x', 'ſx', 'ſx'],
  ['(?i:[a-c]+)X', 'AbCX', 'AbCX'],
  ['(?i:[^k])x|y', '\u212ax', null],
  ['(?i)[^k]', '\u212a', null],
  ['(?i)\\W', 'ſ', null],
  ['(?i)\\p{Lu}', 'a', 'a'],
  ['(?i)\\P{Lu}', 'a', null],
  ['(?i)a(?-i)b', 'Ab', 'Ab'],
  ['(?i)a(?-i)b', 'AB', null],
  ['(?i)a|b', 'B', 'B'],
  // greediness and (?U)
  ['a+', 'aaa', 'aaa'],
  ['a+?', 'aaa', 'a'],
  ['(?U)a+', 'aaa', 'a'],
  ['(?U)a+?', 'aaa', 'aaa'],
  ['a{2,3}', 'aaaa', 'aaa'],
  ['a{2,}', 'aaaa', 'aaaa'],
  ['a{2}', 'aaaa', 'aa'],
  ['(?:ab){2}', 'abab', 'abab'],
  // `{` that does not start a repetition is a literal
  ['x{01}', 'x{01}', 'x{01}'],
  ['a{,2}', 'a{,2}', 'a{,2}'],
  ['a{', 'a{', 'a{'],
  ['}]', '}]', '}]'],
  // escapes
  ['\\Q.*+\\E', 'a.*+', '.*+'],
  ['\\Q.*', 'x.*', '.*'],
  ['\\Qab\\E+', 'abbb', 'abbb'],
  ['\\x41\\x{263a}\\101\\0\\07', 'A☺A\u0000\u0007', 'A☺A\u0000\u0007'],
  ['\\a\\f\\t\\n\\r\\v', '\u0007\f\t\n\r\v', '\u0007\f\t\n\r\v'],
  ['\\/\\.\\_\\-\\ ', '/._- ', '/._- '],
  ['[\\d-z]+', 'a-z1', '-z1'],
  ['[]a]+', 'x]a', ']a'],
  ['[a-]+', 'b-a', '-a'],
  ['[^]a]', ']ab', 'b'],
  ['[[:alpha:]-]+', '1a-b2', 'a-b'],
  ['[\\[\\]]+', 'a[]', '[]'],
  ['[\\x{10000}-\\x{10FFFF}]', 'a😀', '😀'],
  ['[\\x{80}-\\x{FFFF}]', '😀é', 'é'],
  // odd but valid Go
  ['^*a', 'a', 'a'],
  ['a(?i)*', 'aaa', 'aaa'],
  ['(?)a', 'a', 'a'],
  ['a|', 'b', ''],
  ['()', 'x', ''],
  ['', 'x', ''],
  ['(a*)*b', 'aab', 'aab'],
  ['\\b*x', 'x', 'x'],
  // surrogates never match (Go only sees whole characters)
  ['\\x{D83D}\\x{DE00}', '😀', null],
  ['[\\x{D800}-\\x{DFFF}]', '😀', null],
];

describe('compileGoRegexp matches as Go does', () => {
  it.each(MATCHES)('%j on %j', (expr, input, want) => {
    expect(find(expr, input)).toBe(want);
  });
});

describe('translateGoRegexp', () => {
  it('uses no flag at all for plain ASCII patterns', () => {
    expect(translateGoRegexp('name=\\w+;type=(web|db)')).toMatchObject({ source: 'name=[0-9A-Z_a-z]+;type=(web|db)', flags: '' });
  });

  it('uses u where code points matter and iu for whole-pattern (?i)', () => {
    expect(translateGoRegexp('a.b').flags).toBe('u');
    expect(translateGoRegexp('[^,]+').flags).toBe('u');
    expect(translateGoRegexp('(?i)error').flags).toBe('iu');
    expect(translateGoRegexp('^(?i)error').flags).toBe('iu');
    expect(translateGoRegexp('(?i:e)rror')).toMatchObject({ source: '[Ee]rror', flags: '' });
  });

  it('keeps Go group names, including ones JavaScript cannot use', () => {
    const t = translateGoRegexp('(?P<year>\\d{4})-(\\d\\d)-(?<day>\\d\\d) (?P<1h>\\d)(?P<day>x)');
    expect(t.groupNames).toEqual(['', 'year', '', 'day', '1h', 'day']);
    const m = compileGoRegexp(t.expression).exec('2026-11-21 7x')!;
    expect(m.groups).toEqual({ year: '2026', day: '21' });
    expect(m[4]).toBe('7');
    expect(m[5]).toBe('x');
  });

  it('recognises literal patterns the matcher can test without a regex', () => {
    expect(translateGoRegexp('^nginx\\.access').literal).toEqual({ text: 'nginx.access', anchoredStart: true, anchoredEnd: false });
    expect(translateGoRegexp('error$').literal).toEqual({ text: 'error', anchoredStart: false, anchoredEnd: true });
    expect(translateGoRegexp('\\Aa b\\z').literal).toEqual({ text: 'a b', anchoredStart: true, anchoredEnd: true });
    expect(translateGoRegexp('TEST').literal).toEqual({ text: 'TEST', anchoredStart: false, anchoredEnd: false });
    expect(translateGoRegexp('(?i)^1').literal).toEqual({ text: '1', anchoredStart: true, anchoredEnd: false });
    for (const notLiteral of ['^te.', '(?i)^te', '(?m)^te', '^(te)', 'a|b', '^a*', '\\x{D83D}\\x{DE00}']) {
      expect(translateGoRegexp(notLiteral).literal).toBeUndefined();
    }
  });

  it('accepts extra flags for callers that iterate', () => {
    expect(compileGoRegexp('a', 'g').flags).toBe('g');
    expect(() => compileGoRegexp('a', 'm')).toThrow(TypeError);
  });
});

// [Go expression, Go's problem, the fragment Go quotes, offset]
const REJECTS: [string, string, string, number][] = [
  ['\\ytest', 'invalid escape sequence', '\\y', 0],
  ['(a)\\1', 'invalid escape sequence', '\\1', 3],
  ['\\8', 'invalid escape sequence', '\\8', 0],
  ['\\Z', 'invalid escape sequence', '\\Z', 0],
  ['\\C', 'invalid escape sequence', '\\C', 0],
  ['\\é', 'invalid escape sequence', '\\é', 0],
  ['\\xZZ', 'invalid escape sequence', '\\xZZ', 0],
  ['\\x{}', 'invalid escape sequence', '\\x{}', 0],
  ['\\x{110000}', 'invalid escape sequence', '\\x{110000', 0],
  ['[\\b]', 'invalid escape sequence', '\\b', 1],
  ['abc\\', 'trailing backslash at end of expression', '', 3],
  ['(?=a)', 'invalid or unsupported Perl syntax', '(?=', 0],
  ['x(?!a)', 'invalid or unsupported Perl syntax', '(?!', 1],
  ['(?<=a)b', 'invalid or unsupported Perl syntax', '(?<=', 0],
  ['(?<!a)b', 'invalid or unsupported Perl syntax', '(?<!', 0],
  ['(?>a)', 'invalid or unsupported Perl syntax', '(?>', 0],
  ['(?P=name)', 'invalid or unsupported Perl syntax', '(?P', 0],
  ['(?#note)', 'invalid or unsupported Perl syntax', '(?#', 0],
  ['(?z)', 'invalid or unsupported Perl syntax', '(?z', 0],
  ['(?i-)', 'invalid or unsupported Perl syntax', '(?i-)', 0],
  ['(?--i)', 'invalid or unsupported Perl syntax', '(?--', 0],
  ['(?P<na-me>x)', 'invalid named capture', '(?P<na-me>', 0],
  ['(?P<>x)', 'invalid named capture', '(?P<>', 0],
  ['(?P<name', 'invalid named capture', '(?P<name', 0],
  ['a**', 'invalid nested repetition operator', '**', 1],
  ['a*+', 'invalid nested repetition operator', '*+', 1],
  ['a++', 'invalid nested repetition operator', '++', 1],
  ['a*??', 'invalid nested repetition operator', '*??', 1],
  ['a{2}{3}', 'invalid nested repetition operator', '{2}{3}', 1],
  ['a{1001}', 'invalid repeat count', '{1001}', 1],
  ['a{2,1}', 'invalid repeat count', '{2,1}', 1],
  ['a{123456789}', 'invalid repeat count', '{123456789}', 1],
  ['(a{100}){100}', 'invalid repeat count', '{100}', 8],
  ['*a', 'missing argument to repetition operator', '*', 0],
  ['(+)', 'missing argument to repetition operator', '+', 1],
  ['a|*?', 'missing argument to repetition operator', '*?', 2],
  ['(?i)*', 'missing argument to repetition operator', '*', 4],
  ['(abc', 'missing closing )', '(abc', 0],
  ['a(b(c)', 'missing closing )', 'a(b(c)', 1],
  ['abc)', 'unexpected )', 'abc)', 3],
  ['[abc', 'missing closing ]', '[abc', 0],
  ['x[]', 'missing closing ]', '[]', 1],
  ['[a-', 'missing closing ]', '[a-', 0],
  ['[z-a]', 'invalid character class range', 'z-a', 1],
  ['[[:foo:]]', 'invalid character class range', '[:foo:]', 1],
  ['\\p{Foo}', 'invalid character class range', '\\p{Foo}', 0],
  ['\\p{Script=Greek}', 'invalid character class range', '\\p{Script=Greek}', 0],
  ['\\pX', 'invalid character class range', '\\pX', 0],
  ['\\p{Greek', 'invalid character class range', '\\p{Greek', 0],
  ['(?i)[x\\P{Lu}]', 'negated Unicode class combined with other items under (?i) is not supported', '[x\\P{Lu}]', 4],
  ['a(?i:\\p{Lu})', 'case-insensitive Unicode class in a partly case-insensitive expression is not supported', '\\p{Lu}', 5],
];

describe('translateGoRegexp rejects what Go rejects', () => {
  it.each(REJECTS)('%j: %s', (expr, problem, fragment, position) => {
    const e = thrown(() => translateGoRegexp(expr));
    expect(e).toBeInstanceOf(RegexSyntaxError);
    expect(e.code).toBe('HEKA_REGEX_INVALID');
    expect({ problem: e.problem, fragment: e.fragment, position: e.position }).toEqual({ problem, fragment, position });
    expect(e.message).toBe(`error parsing regexp: ${problem}: \`${fragment}\` (at offset ${position} of \`${expr}\`)`);
  });

  it('explains what RE2 lacks', () => {
    expect(thrown(() => translateGoRegexp('(a)\\1')).hint).toMatch(/no backreferences/);
    expect(thrown(() => translateGoRegexp('(?=a)')).hint).toMatch(/no lookahead or lookbehind/);
    expect(thrown(() => translateGoRegexp('(?>a)')).hint).toMatch(/no atomic groups/);
    expect(thrown(() => translateGoRegexp('a++')).hint).toMatch(/no possessive quantifiers/);
  });

  it('refuses nesting deeper than Go allows', () => {
    expect(thrown(() => translateGoRegexp('('.repeat(1001) + ')'.repeat(1001))).problem).toBe('expression nests too deeply');
    expect(() => translateGoRegexp('('.repeat(999) + ')'.repeat(999))).not.toThrow();
  });
});

describe('every expression Go accepts becomes a valid JavaScript RegExp', () => {
  it('holds for 5000 random expressions built from Go syntax pieces', () => {
    let seed = 42; // deterministic: the same expressions every run
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pieces = ['a', 'K', 'é', '😀', '.', '^', '$', '|', '(', ')', '(?:', '(?i)', '(?i:', '(?-i)', '(?s)', '(?m)', '(?U)',
      '(?P<n>', '[', ']', '[^', '-', '*', '+', '?', '{2}', '{1,3}', '{', '}', '\\d', '\\W', '\\s', '\\b', '\\B', '\\A',
      '\\z', '\\pL', '\\P{Greek}', '\\p{^Lu}', '[[:alpha:]]', '[[:^space:]', '\\x{41}', '\\Q*\\E', '\\.', '\\/', '\\-',
      '\\n', '\\0', ':', '/', ' '];
    const broken: string[] = [];
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      let expr = '';
      for (let n = 1 + random(8); n > 0; n--) expr += pieces[random(pieces.length)];
      let t;
      try {
        t = translateGoRegexp(expr);
      } catch (e) {
        if (!(e instanceof RegexSyntaxError)) broken.push(`${expr}: ${String(e)}`);
        continue;
      }
      try {
        new RegExp(t.source, t.flags);
        accepted++;
      } catch (e) {
        broken.push(`${expr} -> /${t.source}/${t.flags}: ${String(e)}`);
      }
    }
    expect(broken).toEqual([]);
    expect(accepted).toBeGreaterThan(1000);
  });
});
