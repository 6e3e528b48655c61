import { f, formatIssue } from '../config/index.js';
import { definePlugin } from './define.js';
import { Registry } from './registry.js';
import { validateConfigText } from './validate.js';

// Made-up plugins: a decoder built from other decoders, and one built from encoders' names is not allowed.
const plugins = [
  definePlugin({ type: 'ProtobufDecoder', family: 'decoder', summary: 's', config: {} }),
  definePlugin({ type: 'LineDecoder', family: 'decoder', summary: 's', config: {} }),
  definePlugin({ type: 'ChainDecoder', family: 'decoder', summary: 's', dependsOn: 'parts', config: { parts: f.array(f.string({ doc: 'd' }), { required: true, doc: 'd' }) } }),
  definePlugin({ type: 'TextEncoder', family: 'encoder', summary: 's', config: {} }),
  definePlugin({ type: 'PrintOutput', family: 'output', summary: 's', config: {} }),
];
const registry = new Registry(plugins);
const validate = (toml: string) => validateConfigText(toml, registry, { env: {} });
const chain = (name: string, parts: string[]) => `[${name}]\ntype = "ChainDecoder"\nparts = ${JSON.stringify(parts)}\n`;

describe('dependsOn (sections built from other sections of their family)', () => {
  it.each([
    { name: 'after the other decoders', toml: chain('c', ['line']) + '[line]\ntype = "LineDecoder"\n[TextEncoder]\n', order: ['line', 'ProtobufDecoder', 'c', 'TextEncoder'] },
    { name: 'dependencies first, whatever the file order', toml: chain('top', ['mid', 'line']) + chain('mid', ['low']) + chain('low', ['ProtobufDecoder']) + '[line]\ntype = "LineDecoder"\n', order: ['line', 'ProtobufDecoder', 'low', 'mid', 'top'] },
    { name: 'independent ones keep file order', toml: chain('b', ['line']) + chain('a', ['line']) + '[line]\ntype = "LineDecoder"\n', order: ['line', 'ProtobufDecoder', 'b', 'a'] },
    { name: 'a shared dependency once', toml: chain('x', ['s']) + chain('y', ['s']) + chain('s', ['ProtobufDecoder']), order: ['ProtobufDecoder', 's', 'x', 'y'] },
  ])('orders: $name', ({ toml, order }) => {
    const result = validate(toml);
    expect(result.issues.map(formatIssue)).toEqual([]);
    expect(result.plugins.map((p) => p.name)).toEqual(order);
  });

  it.each([
    { name: 'a missing section', toml: chain('c', ['ProtobufDecoder', 'nope']), errors: ['hekad.toml:3: [c].parts: no decoder section named nope — define a [nope] section, or use one of c, ProtobufDecoder'] },
    { name: 'a near miss', toml: chain('c', ['lines']) + '[line]\ntype = "LineDecoder"\n', errors: ['hekad.toml:3: [c].parts: no decoder section named lines — did you mean "line"?'] },
    { name: 'a section of another family', toml: chain('c', ['TextEncoder']) + '[TextEncoder]\n', errors: ['hekad.toml:3: [c].parts: no decoder section named TextEncoder — TextEncoder is an encoder, not a decoder'] },
    { name: 'a type instead of a section name', toml: chain('c', ['LineDecoder']) + '[l]\ntype = "LineDecoder"\n', errors: ['hekad.toml:3: [c].parts: no decoder section named LineDecoder — sections are referred to by name: the LineDecoder section is named "l"'] },
    { name: 'itself', toml: chain('c', ['c']), errors: ['hekad.toml:3: [c].parts: circular dependency detected: c → c — a section cannot be built from itself; remove one of these names from its parts'] },
    { name: 'a longer cycle, reported once', toml: chain('a', ['b']) + chain('b', ['c']) + chain('c', ['a']), errors: ['hekad.toml:3: [a].parts: circular dependency detected: a → b → c → a — a section cannot be built from itself; remove one of these names from its parts'] },
  ])('reports $name', ({ toml, errors }) => {
    const result = validate(toml);
    expect(result.issues.map(formatIssue)).toEqual(errors);
    expect(result.ok).toBe(false);
  });

  it('still lists every valid instance when there is a cycle', () => {
    const result = validate(chain('a', ['b']) + chain('b', ['a']) + chain('ok', ['a']) + '[TextEncoder]\n');
    expect(result.plugins.map((p) => p.name)).toEqual(['ProtobufDecoder', 'a', 'b', 'ok', 'TextEncoder']);
  });

  it('is declared on a []string option', () => {
    expect(() => definePlugin({ type: 'BadDecoder', family: 'decoder', summary: 's', dependsOn: 'n', config: { n: f.string({ default: '', doc: 'd' }) } }))
      .toThrow('definePlugin("BadDecoder"): dependsOn "n" must be a []string option');
  });
});
