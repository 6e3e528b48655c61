import { originalColumn, quoteLegacyNames } from './toml-dialect.js';

describe('quoteLegacyNames', () => {
  it.each([
    ['[TCP:5565]', "['TCP:5565']"],
    ['[TCP:5565.signer.ops_0]', "['TCP:5565'.signer.ops_0]"],
    ['[ my input ]', "[ 'my input' ]"],
    ['[[out:a]]', "[['out:a']]"],
    ["[it's]", '["it\'s"]'],
    ['[nginx_access_logs]', '[nginx_access_logs]'],
    ['["quoted:already".x]', '["quoted:already".x]'],
    ['host:name = 1', "'host:name' = 1"],
  ])('turns %s into %s', (legacy, modern) => {
    expect(quoteLegacyNames(legacy).text).toBe(modern);
  });

  it('never touches values: strings, multi-line arrays, comments, inline tables', () => {
    const text = [
      '[a]',
      'm = "[b:c]" # [d:e]',
      "r = '''",
      '[not:a:header]',
      "'''",
      'list = [',
      '  "x:y", # [comment:here]',
      '  "[z:w]",',
      ']',
      't = { k = "[v:w]" }',
      '[c:d]',
    ].join('\n');
    const out = quoteLegacyNames(text);
    expect(out.text).toBe(text.replace('[c:d]', "['c:d']"));
    expect(out.headers).toEqual([{ path: ['a'], line: 1 }, { path: ['c:d'], line: 11 }]);
    expect(out.keys.map((k) => [k.path.join('.'), k.line])).toEqual([['a.m', 2], ['a.r', 3], ['a.list', 6], ['a.t', 10]]);
  });

  it('leaves valid TOML 1.0 exactly as it is', () => {
    const text = String.raw`# comment
title = "x" # trailing
"quoted key" = 1
'literal key' = 2
a.b."c d" = 3
[t]
multi = """
line with ] and [x:y] and "" inside" """
lit = '''C:\path\''''
nested = [[1, 2], ["a", 'b'], { x = [1] }]
inline = { a = 1, "b c" = { d = 2 } }
date = 1979-05-27T07:32:00Z
[[arr.items]]
n = -1_000
[ spaced . "name" ]
x = inf`;
    expect(quoteLegacyNames(text).text).toBe(text);
    expect(quoteLegacyNames(text).keys.map((k) => k.path.join('.'))).toEqual([
      'title', 'quoted key', 'literal key', 'a.b.c d', 't.multi', 't.lit', 't.nested', 't.inline', 't.date', 'arr.items.n', 'spaced.name.x',
    ]);
  });

  it('leaves text it cannot read for the parser to report', () => {
    expect(quoteLegacyNames('[a:b\nx = 1').text).toBe('[a:b\nx = 1');
    expect(quoteLegacyNames('just words').text).toBe('just words');
  });

  it('maps columns of the quoted text back to the original', () => {
    const out = quoteLegacyNames('[a:b.c:d] junk');
    expect(out.text).toBe("['a:b'.'c:d'] junk");
    // "junk" starts at column 11 in the original and 15 after four inserted quotes.
    expect(originalColumn(out, 1, 15)).toBe(11);
    expect(originalColumn(out, 1, 1)).toBe(1);
    expect(originalColumn(out, 2, 7)).toBe(7);
  });
});
