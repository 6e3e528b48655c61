// `hekad -config=PATH -check` as users run it: the built bin/hekad on each config fixture, exact
// output and exit code. (`pnpm test` builds first.)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot as root, runBin } from '@heka/core/testing';

const env = { ...process.env, HEKA_CHECK_BASE_DIR: '/tmp/heka-check', HEKA_CHECK_LOG_DIR: '/srv/logs' };

function hekad(...args: string[]) {
  const { code, stdout, stderr } = runBin('hekad', args, { env });
  return { code, stdout, stderr };
}

const defaults = {
  splitters: 'TokenSplitter (default), HekaFramingSplitter (default), NullSplitter (default)',
  decoders: 'ProtobufDecoder (default)',
};

function summary(path: string, files: string, families: Partial<Record<'inputs' | 'splitters' | 'encoders' | 'outputs', string>>): string {
  return [
    `Configuration OK: ${path}${files}`,
    `  inputs:    ${families.inputs ?? 'none'}`,
    `  splitters: ${families.splitters ?? defaults.splitters}`,
    `  decoders:  ${defaults.decoders}`,
    '  filters:   none',
    `  encoders:  ${families.encoders ?? 'ProtobufEncoder (default)'}`,
    `  outputs:   ${families.outputs ?? 'none'}`,
    '',
  ].join('\n');
}

const valid = 'fixtures/configs/valid';
const invalid = 'fixtures/configs/invalid';
const closing = (n: number) => `Error reading config: ${n} errors loading plugins\n`;
const matcherHint = `add message_matcher = "TRUE" to receive every message, or an expression such as "Type == 'logfile'"`;

describe('hekad -check on valid configs', () => {
  it.each([
    ['getting-started.toml', '', { inputs: 'nginx_access_logs (LogstreamerInput)', encoders: 'PayloadEncoder, ProtobufEncoder (default)', outputs: 'LogOutput' }],
    ['file-output.toml', '', { inputs: 'access (LogstreamerInput)', encoders: 'PayloadEncoder, ProtobufEncoder (default)', outputs: 'FileOutput' }],
    ['heka-dialect.toml', '', {
      inputs: 'app logs (LogstreamerInput)',
      splitters: `framing:5565 (HekaFramingSplitter), ${defaults.splitters}`,
      outputs: 'protobuf:file (FileOutput)',
    }],
  ])('%s', (file, files, families) => {
    const path = `${valid}/${file}`;
    expect(hekad(`-config=${path}`, '-check')).toEqual({ code: 0, stdout: summary(path, files, families), stderr: '' });
  });

  it('a directory: *.toml files in name order, a replaced section only warns', () => {
    const path = `${valid}/confdir`;
    expect(hekad('-config', path, '-check')).toEqual({
      code: 0,
      stdout: summary(path, ' (4 files)', {
        inputs: 'mysql_slow (LogstreamerInput)',
        splitters: `slow_query_splitter (RegexSplitter), ${defaults.splitters}`,
        encoders: 'PayloadEncoder, ProtobufEncoder (default)',
        outputs: 'slow_queries (FileOutput)',
      }),
      stderr: `warning: ${path}/30-override.toml:2: [PayloadEncoder]: replaces the [PayloadEncoder] section of ${path}/20-outputs.toml:1 (Heka merges whole sections, not keys) — keep one section of that name, or rename one of them\n`,
    });
  });

  it('has a fixture for each valid case above', () => {
    expect(readdirSync(join(root, valid)).sort()).toEqual(['confdir', 'file-output.toml', 'getting-started.toml', 'heka-dialect.toml']);
  });
});

describe('hekad -check on invalid configs', () => {
  const cases: [string, string][] = [
    ['unknown-key.toml',
      `${invalid}/unknown-key.toml:3: [nginx].log_directroy: unknown config setting for 'nginx': log_directroy — did you mean "log_directory"?\n${closing(1)}`],
    ['wrong-type.toml',
      `${invalid}/wrong-type.toml:8: [out].flush_count: expected a non-negative integer, got string "ten" — write a whole number without quotes, e.g. flush_count = 1\n${closing(1)}`],
    ['unknown-plugin-type.toml',
      `${invalid}/unknown-plugin-type.toml:4: [out].type: No registered plugin type: FileOuput — did you mean "FileOutput"?\n${closing(1)}`],
    ['missing-matcher.toml',
      `${invalid}/missing-matcher.toml:3: [LogOutput].message_matcher: 'LogOutput' missing message matcher — ${matcherHint}\n${closing(1)}`],
    ['undefined-encoder.toml',
      `${invalid}/undefined-encoder.toml:3: [LogOutput].encoder: LogOutput can't create encoder PayloadEncoder — add a [PayloadEncoder] section to use the PayloadEncoder plugin\n${closing(1)}`],
    ['bad-env-reference.toml', [
      `Error reading config: ${invalid}/bad-env-reference.toml:10:18: Missing closing delimiter — end the reference with "]", as in %ENV[NAME]`,
      '    log_directory = "%ENV[NGINX_LOG_DIR"',
      '                     ^',
      '',
    ].join('\n')],
    ['bad-env-name.toml', [
      `Error reading config: ${invalid}/bad-env-name.toml:3:18: Invalid characters in environmental variable — a variable name cannot contain spaces or tabs; write %ENV[NAME]`,
      '    log_directory = "%ENV[NGINX LOG DIR]"',
      '                     ^',
      '',
    ].join('\n')],
    ['toml-syntax.toml', [
      `Error reading config: ${invalid}/toml-syntax.toml:4:21: invalid TOML: unrecognised escape sequence — in a "..." string a backslash starts an escape: write regexes and Windows paths as '...' literal strings, or double each backslash`,
      '    file_match = "access\\.log"',
      '                        ^',
      '',
    ].join('\n')],
    ['empty.toml', `Empty configuration, exiting. — define at least one plugin section in ${invalid}/empty.toml\n`],
    ['several-problems.toml', [
      `${invalid}/several-problems.toml:3: [hekad].poolsiz: Configuration contains key [poolsiz] which doesn't exist in struct — did you mean "poolsize"?`,
      `${invalid}/several-problems.toml:4: [hekad].max_pack_idle: Can't parse \`max_pack_idle\` time duration: 2 minutes — use a number and a unit (ns, us, ms, s, m, h), e.g. max_pack_idle = "1m30s"`,
      `${invalid}/several-problems.toml:6: [nginx].file_match: \`file_match\` setting is required — add file_match = 'access\\.log'`,
      `${invalid}/several-problems.toml:9: [nginx].rescan_interval: expected a duration string, got integer 60 — write a quoted duration with a unit, e.g. rescan_interval = "60s"`,
      `${invalid}/several-problems.toml:10: [nginx].splitter: nginx specifies undefined splitter TokenSpliter — did you mean "TokenSplitter"?`,
      `${invalid}/several-problems.toml:12: [out].path: \`path\` setting is required — add path = "/var/log/heka/output.log"`,
      `${invalid}/several-problems.toml:15: [out].encoder: out can't create encoder PayloadEncoder — add a [PayloadEncoder] section to use the PayloadEncoder plugin`,
      `${invalid}/several-problems.toml:16: [out].flush_operator: expected one of "AND", "OR", got string "or" — write flush_operator = "OR"`,
      `${invalid}/several-problems.toml:17: [out].use_framing: expected a boolean, got string "yes" — write use_framing = true or use_framing = false`,
      `${invalid}/several-problems.toml:20: [out].buffering.full_action: buffer full_action must be 'shutdown', 'drop', or 'block', got 'stop' — use one of "shutdown", "drop", "block"`,
      closing(10),
    ].join('\n')],
    ['bad-matcher.toml', [
      `${invalid}/bad-matcher.toml:5: [errors].message_matcher: syntax error: last token: 3 pos: 16 — the expression stops making sense at byte 16: "Severity <= 3 &&" <- here`,
      `warning: ${invalid}/bad-matcher.toml:10: [audit].message_matcher: 2 expressions follow each other without && or ||; only the last one is used`,
      closing(1),
    ].join('\n')],
    ['bad-file-match.toml',
      `${invalid}/bad-file-match.toml:4: [syslog].file_match: error parsing regexp: missing closing ): \`(?P<Host>[^/]+/syslog\` (at offset 0 of \`(?P<Host>[^/]+/syslog\`) — Heka uses Go's regular expression syntax (RE2)\n${closing(1)}`],
    ['ticker-without-timer.toml',
      `${invalid}/ticker-without-timer.toml:9: [out].ticker_interval: 'out' can't support a ticker_interval setting — remove ticker_interval: FileOutput has no timer event to call every 10 s\n${closing(1)}`],
    ['second-file-broken',
      `${invalid}/second-file-broken/10-inputs.toml:5: [syslog].rescan_interval: unknown unit " minute" in duration "1 minute" — use a number and a unit (ns, us, ms, s, m, h), e.g. rescan_interval = "1m30s"\n${closing(1)}`],
  ];

  it.each(cases)('%s', (file, stderr) => {
    expect(hekad(`-config=${invalid}/${file}`, '-check')).toEqual({ code: 1, stdout: '', stderr });
  });

  it('has a test for every fixture', () => {
    expect(readdirSync(join(root, invalid)).sort()).toEqual(cases.map(([file]) => file).sort());
  });

  it('reports the same problems without -check, never a stack', () => {
    const run = hekad(`-config=${invalid}/missing-matcher.toml`);
    expect(run).toEqual({ code: 1, stdout: '', stderr: cases.find(([f]) => f === 'missing-matcher.toml')![1] });
  });
});

describe('hekad without -check', () => {
  it('prints its version', () => {
    expect(hekad('-version')).toEqual({ code: 0, stdout: '0.10.0\n', stderr: '' });
  });

  it('answers a bad flag with the usage and exit 2', () => {
    const run = hekad('-chek');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^flag provided but not defined: -chek\nUsage of hekad:\n/);
  });
});
