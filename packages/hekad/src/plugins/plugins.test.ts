// Behaviour specific to each plugin's options (the generic checks are in conformance.test.ts).
import { hostname } from 'node:os';
import { formatIssue, validateConfigText } from '@heka/core';
import { createRegistry } from './index.js';

const registry = createRegistry();

function check(text: string) {
  const result = validateConfigText(text, registry, { env: {} });
  return { lines: result.issues.map(formatIssue), plugins: result.plugins };
}

const instance = (text: string, name: string) => check(text).plugins.find((p) => p.name === name);

describe('LogstreamerInput', () => {
  it('defaults per instance: differentiator, journal under base_dir, the global hostname, TokenSplitter', () => {
    const ls = instance('[hekad]\nbase_dir = "/srv/heka"\n[web]\ntype = "LogstreamerInput"\nfile_match = \'access\\.log\'\n', 'web');
    expect(ls?.config).toEqual({
      log_directory: '/var/log', file_match: 'access\\.log', priority: [], differentiator: ['web'], translation: {},
      oldest_duration: 2_592_000_000_000_000n, journal_directory: '/srv/heka/logstreamer', rescan_interval: 60_000_000_000n, hostname: hostname(),
    });
    expect(ls?.common).toMatchObject({ splitter: 'TokenSplitter', decoder: '' });
  });

  it('needs file_match, and a one-entry translation map must be the missing fallback', () => {
    expect(check('[web]\ntype = "LogstreamerInput"\n[web.translation.Month]\njan = 1\n[web.translation.Level]\nmissing = 9\n').lines).toEqual([
      "hekad.toml:1: [web].file_match: `file_match` setting is required — add file_match = 'access\\.log'",
    ]);
    expect(check('[web]\ntype = "LogstreamerInput"\nfile_match = "x"\n[web.translation.Month]\njan = 1\n').lines).toEqual([
      "hekad.toml:4: [web].translation.Month: A translation map with one entry ('Month') must be specifying a 'missing' key. — add missing = 0 (or another value) to [<section>.translation.Month]",
    ]);
  });
});

describe('splitters', () => {
  it('TokenSplitter wants exactly one byte; count 0 means 1', () => {
    expect(check('[s]\ntype = "TokenSplitter"\ndelimiter = "ab"\n[t]\ntype = "TokenSplitter"\ndelimiter = "é"\n').lines).toEqual([
      'hekad.toml:3: [s].delimiter: TokenSplitter delimiter must be a single character. — write a single byte, e.g. delimiter = "\\n" or delimiter = ","',
      'hekad.toml:6: [t].delimiter: TokenSplitter delimiter must be a single character. — write a single byte, e.g. delimiter = "\\n" or delimiter = ","',
    ]);
    expect(instance('[s]\ntype = "TokenSplitter"\ncount = 0\n[LogOutput]\nmessage_matcher = "TRUE"\nencoder = "ProtobufEncoder"\n', 's')?.config).toEqual({ delimiter: '\n', count: 1 });
  });

  it('RegexSplitter allows one capture group at most', () => {
    expect(check('[s]\ntype = "RegexSplitter"\ndelimiter = \'(a)(b)\'\n').lines).toEqual([
      'hekad.toml:3: [s].delimiter: RegexSplitter delimiter may have at most one capture group, found 2 — make the others non-capturing with (?:…)',
    ]);
  });

  it('HekaFramingSplitter reads signer sub-tables, keeps message bytes, and warns about keys no signer can match', () => {
    const result = check('[TCP:5565]\ntype = "HekaFramingSplitter"\n[TCP:5565.signer.ops_0]\nhmac_key = "k0"\n[TCP:5565.signer.ops]\nhmac_key = "k"\n');
    expect(result.lines).toEqual([
      'warning: hekad.toml:5: [TCP:5565].signer.ops: signer "ops" is not named <signer>_<version>, so no message can ever match it — name it after the signer and its key version, e.g. [<section>.signer.ops_0]',
    ]);
    const splitter = result.plugins.find((p) => p.name === 'TCP:5565');
    expect(splitter?.config).toEqual({ signer: { ops_0: { hmac_key: 'k0' }, ops: { hmac_key: 'k' } }, skip_authentication: false });
    expect(splitter?.common).toMatchObject({ use_message_bytes: true });
    expect(check('[f]\ntype = "HekaFramingSplitter"\n[f.signer.ops_0]\nkey = "k0"\n').lines).toEqual([
      'hekad.toml:3: [f].signer.ops_0.hmac_key: `hmac_key` setting is required — add hmac_key = "TzlWj9e5ZVpxd3E1"',
      "hekad.toml:4: [f].signer.ops_0.key: unknown config setting for 'f': signer.ops_0.key — did you mean \"hmac_key\"?",
    ]);
  });

  it('NullSplitter starts with a 64 KiB buffer', () => {
    expect(check('[n]\ntype = "NullSplitter"\n').plugins.find((p) => p.name === 'n')?.common).toMatchObject({ min_buffer_size: 65536 });
  });
});

describe('outputs', () => {
  const out = (extra: string) => `[PayloadEncoder]\n[out]\ntype = "FileOutput"\nmessage_matcher = "TRUE"\npath = "/tmp/x"\n${extra}`;

  it('FileOutput frames by default only with ProtobufEncoder', () => {
    expect(instance(out('encoder = "ProtobufEncoder"\n'), 'out')?.common).toMatchObject({ use_framing: true });
    expect(instance(out('encoder = "PayloadEncoder"\n'), 'out')?.common).toMatchObject({ use_framing: false });
    expect(instance(out('encoder = "ProtobufEncoder"\nuse_framing = false\n'), 'out')?.common).toMatchObject({ use_framing: false });
  });

  it('FileOutput checks its permissions, flush settings and rotation', () => {
    expect(check(out('encoder = "PayloadEncoder"\nperm = "rw-r--r--"\nflush_count = 0\nrotation_interval = 6\n')).lines).toEqual([
      'hekad.toml:7: [out].perm: expected an octal permission such as "644", got "rw-r--r--" — write the mode as octal digits in a string, e.g. "644"',
      'hekad.toml:8: [out].flush_count: must be at least 1, got 0 — write flush_count = 1 or more',
      'hekad.toml:9: [out].rotation_interval: expected one of 0, 1, 4, 12, 24, got integer 6 — use one of 0, 1, 4, 12, 24',
    ]);
  });

  it('LogOutput and FileOutput need an encoder', () => {
    expect(check('[LogOutput]\nmessage_matcher = "TRUE"\n').lines).toEqual(['hekad.toml:1: [LogOutput].encoder: `encoder` setting is required — add encoder = "PayloadEncoder"']);
  });
});
