import { HekaError } from '../errors/heka-error.js';
import { f, formatIssue, mergeConfigFiles, parseConfigFile } from '../config/index.js';
import { definePlugin } from './define.js';
import { Registry } from './registry.js';
import { validateConfig, validateConfigText, type ValidateOptions } from './validate.js';

// A small registry of made-up plugins: validation must not depend on hekad's.
const plugins = [
  definePlugin({ type: 'ProtobufDecoder', family: 'decoder', summary: 's', config: {} }),
  definePlugin({ type: 'ProtobufEncoder', family: 'encoder', summary: 's', config: {} }),
  definePlugin({ type: 'TextEncoder', family: 'encoder', summary: 's', config: {} }),
  definePlugin({ type: 'TokenSplitter', family: 'splitter', summary: 's', config: {} }),
  definePlugin({ type: 'NullSplitter', family: 'splitter', summary: 's', common: { min_buffer_size: 65536 }, config: {} }),
  definePlugin({
    type: 'TailInput', family: 'input', summary: 's', common: { splitter: 'TokenSplitter' },
    config: { path: f.string({ required: true, example: '/var/log/x', doc: 'd' }), every: f.duration({ default: '1m', doc: 'd' }) },
    rules: [(c) => (c.path.endsWith('/') ? { key: 'path', message: 'path must name a file', hint: 'remove the trailing /' } : undefined)],
  }),
  definePlugin({ type: 'CountFilter', family: 'filter', summary: 's', common: { message_matcher: 'TRUE' }, config: {} }),
  definePlugin({ type: 'PrintOutput', family: 'output', summary: 's', config: { flush_count: f.uint({ default: 1, doc: 'd' }) } }),
];
const registry = new Registry(plugins);

function lines(text: string, options: ValidateOptions = {}): string[] {
  return validateConfigText(text, registry, { env: {}, ...options }).issues.map(formatIssue);
}

describe('validateConfig', () => {
  it('builds instances with defaults, the default instances, in load order', () => {
    const result = validateConfigText('[tail]\ntype = "TailInput"\npath = "/var/log/a"\n\n[PrintOutput]\nmessage_matcher = "TRUE"\nencoder = "TextEncoder"\n[TextEncoder]\n', registry, { env: {} });
    expect(result.issues).toEqual([]);
    expect(result.plugins.map((p) => [p.name, p.family, p.isDefault])).toEqual([
      ['ProtobufDecoder', 'decoder', true],
      ['TextEncoder', 'encoder', false],
      ['ProtobufEncoder', 'encoder', true],
      ['TokenSplitter', 'splitter', true],
      ['NullSplitter', 'splitter', true],
      ['tail', 'input', false],
      ['PrintOutput', 'output', false],
    ]);
    const tail = result.plugins.find((p) => p.name === 'tail')!;
    expect(tail.config).toEqual({ path: '/var/log/a', every: 60_000_000_000n });
    expect(tail.common).toMatchObject({ splitter: 'TokenSplitter', decoder: '', retries: { max_retries: -1 } });
    expect(tail.line).toBe(1);
  });

  it('uses a section of a default instance\'s name instead of the default', () => {
    const result = validateConfigText('[NullSplitter]\nmin_buffer_size = 1024\n[t]\ntype = "TailInput"\npath = "/a"\n', registry, { env: {} });
    const nulls = result.plugins.filter((p) => p.name === 'NullSplitter');
    expect(nulls.map((p) => [p.isDefault, p.common])).toEqual([[false, expect.objectContaining({ min_buffer_size: 1024 })]]);
  });

  it('reports unknown types with a suggestion, or says Heka had it', () => {
    expect(lines('[Hekad]\nmaxprocs = 2\n')).toEqual(['hekad.toml:1: [Hekad]: No registered plugin type: Hekad — the global section is spelled [hekad], in lower case']);
    expect(lines('[a]\ntype = "TailInputt"\n[TailImput]\npath = "x"\n[b]\ntype = "TcpInput"\n[c]\ntype = 5\n')).toEqual([
      'hekad.toml:2: [a].type: No registered plugin type: TailInputt — did you mean "TailInput"?',
      'hekad.toml:3: [TailImput]: No registered plugin type: TailImput — did you mean "TailInput"? (a section without a type setting uses its name as the type)',
      'hekad.toml:6: [b].type: No registered plugin type: TcpInput — TcpInput is a Heka 0.10 plugin that this release does not provide yet',
      'hekad.toml:8: [c].type: expected a string, got integer 5 — write type = "LogstreamerInput" (a plugin type name)',
    ]);
  });

  it('requires a matcher unless the plugin has one, and checks matcher syntax when it can', () => {
    const checkMatcher = (expr: string) => {
      if (expr.includes('TRUE')) return ['TRUE is always true'];
      if (expr.includes('==')) return [];
      throw new HekaError('HEKA_MATCHER_SYNTAX', `syntax error in message_matcher: ${expr}`, { hint: 'compare with ==' });
    };
    expect(lines('[PrintOutput]\nencoder = "ProtobufEncoder"\n[p2]\ntype = "PrintOutput"\nmessage_matcher = ""\n[p3]\ntype = "PrintOutput"\nmessage_matcher = "Type = 1"\n[CountFilter]\n[p4]\ntype = "PrintOutput"\nmessage_matcher = "TRUE"\n', { checkMatcher })).toEqual([
      "hekad.toml:1: [PrintOutput].message_matcher: 'PrintOutput' missing message matcher — add message_matcher = \"TRUE\" to receive every message, or an expression such as \"Type == 'logfile'\"",
      "hekad.toml:5: [p2].message_matcher: 'p2' missing message matcher — add message_matcher = \"TRUE\" to receive every message, or an expression such as \"Type == 'logfile'\"",
      'hekad.toml:8: [p3].message_matcher: syntax error in message_matcher: Type = 1 — compare with ==',
      'warning: hekad.toml:12: [p4].message_matcher: TRUE is always true',
    ]);
  });

  it('finds references to sections that do not exist, or are of the wrong family', () => {
    expect(lines([
      '[in1]', 'type = "TailInput"', 'path = "/a"', 'splitter = "TokenSpliter"', 'decoder = "TextEncoder"',
      '[out1]', 'type = "PrintOutput"', 'message_matcher = "TRUE"', 'encoder = "Json"',
      '[in2]', 'type = "TailInput"', 'path = "/b"', 'flavour = 1', 'splitter = "Mystery"',
    ].join('\n'))).toEqual([
      'hekad.toml:4: [in1].splitter: in1 specifies undefined splitter TokenSpliter — did you mean "TokenSplitter"?',
      "hekad.toml:5: [in1].decoder: no registered 'TextEncoder' decoder — TextEncoder is an encoder type, not a decoder",
      "hekad.toml:9: [out1].encoder: out1 can't create encoder Json — define a [Json] section, or use one of ProtobufEncoder",
      "hekad.toml:13: [in2].flavour: unknown config setting for 'in2': flavour — remove it; the settings TailInput accepts are listed in docs/plugins/input/TailInput.md",
      'hekad.toml:14: [in2].splitter: in2 specifies undefined splitter Mystery — define a [Mystery] section, or use one of TokenSplitter, NullSplitter',
    ]);
    expect(lines('[text]\ntype = "TextEncoder"\n[t]\ntype = "TailInput"\npath = "/a"\ndecoder = "text"\n[o]\ntype = "PrintOutput"\nmessage_matcher = "TRUE"\nencoder = "TextEncoder"\n')).toEqual([
      "hekad.toml:6: [t].decoder: no registered 'text' decoder — text is an encoder, not a decoder",
      "hekad.toml:10: [o].encoder: o can't create encoder TextEncoder — sections are referred to by name: the TextEncoder section is named \"text\"",
    ]);
  });

  it('runs common and plugin rules once the types are sound', () => {
    const result = validateConfigText('[hekad]\nmax_message_size = 2048\n[NullSplitter]\nmin_buffer_size = 65536\n[t]\ntype = "TailInput"\npath = "/a/"\n[o]\ntype = "PrintOutput"\nmessage_matcher = "TRUE"\nuse_buffering = true\n[o.buffering]\nmax_file_size = 100\n', registry, { env: {} });
    expect(result.issues.map(formatIssue)).toEqual([
      "hekad.toml:4: [NullSplitter].min_buffer_size: 'min_buffer_size' (65536) can't be larger than MAX_RECORD_SIZE (2306) — write min_buffer_size = 2306 or less (raise [hekad] max_message_size for larger records)",
      'hekad.toml:7: [t].path: path must name a file — remove the trailing /',
      'hekad.toml:13: [o].buffering.max_file_size: `max_file_size` must be greater than maximum record size of 2306 — write max_file_size = 2306 or more',
    ]);
    expect(result.errors).toHaveLength(3);
    expect(result.ok).toBe(false);
  });

  it('says an empty configuration is empty', () => {
    const result = validateConfigText('[hekad]\nmaxprocs = 2\n', registry, { env: {} });
    expect(result.errors).toEqual(['Empty configuration, exiting. — define at least one plugin section in hekad.toml']);
  });

  it('validates a section replaced by a later file too, as Heka initialised both', () => {
    const first = parseConfigFile('1.toml', '[t]\ntype = "TailInput"\n', { env: {} });
    const second = parseConfigFile('2.toml', '[t]\ntype = "TailInput"\npath = "/a"\n', { env: {} });
    const result = validateConfig(mergeConfigFiles('conf.d', [first, second]), registry);
    expect(result.issues.map(formatIssue)).toEqual([
      '1.toml:1: [t].path: `path` setting is required — add path = "/var/log/x"',
      'warning: 2.toml:1: [t]: replaces the [t] section of 1.toml:1 (Heka merges whole sections, not keys) — keep one section of that name, or rename one of them',
    ]);
    expect(result.plugins.find((p) => p.name === 't')?.file).toBe('2.toml');
  });

  it('keeps going after a bad [hekad] to check the plugins as well', () => {
    expect(lines('[hekad]\npoolsize = "x"\n[t]\ntype = "TailInput"\n')).toEqual([
      'hekad.toml:2: [hekad].poolsize: expected an integer, got string "x" — write a whole number without quotes, e.g. poolsize = 1',
      'hekad.toml:3: [t].path: `path` setting is required — add path = "/var/log/x"',
    ]);
  });
});
