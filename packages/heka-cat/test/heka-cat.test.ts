// heka-cat as users run it: the built bin/heka-cat on the stream files in fixtures/streams/
// (made by scripts/make-stream-fixtures.js). `pnpm test` builds first.
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameReader, decodeMessage } from '@heka/core';
import { HEKA_FALSE, HEKA_MUST_FAIL, HEKA_TRUE, SPEC_EXTRA, repoRoot, runBin, startBin, type MatcherCase, type RunningBin } from '@heka/core/testing';

const streams = join(repoRoot, 'fixtures', 'streams');
const stream = (name: string): string => join(streams, name);
const summary = (processed: number, matched: number): string => `Processed: ${processed}, matched: ${matched} messages\n`;

function records(path: string): { offset: number; record: Uint8Array; message: Uint8Array }[] {
  const reader = new FrameReader();
  reader.push(readFileSync(path));
  return reader.finish().flatMap((item) => (item.kind === 'record' ? [item] : []));
}

describe('-format=count -match over Heka\'s matcher test message (spec §2.4)', () => {
  const testMessage = decodeMessage(records(stream('heka-test-message.hpb'))[0]!.message);
  const rows = [...HEKA_MUST_FAIL, ...HEKA_FALSE, ...HEKA_TRUE, ...SPEC_EXTRA].filter((c) => c.message !== 'extended');
  const fileFor = (c: MatcherCase): string => stream(c.message === 'noSeverity' ? 'heka-test-message-no-severity.hpb' : 'heka-test-message.hpb');

  it('covers every row of Heka\'s table and the spec\'s extra cases', () => {
    expect(rows).toHaveLength(24 + 34 + 50 + 5);
  });

  it.each(rows.map((c) => [JSON.stringify(c.expr), c] as const))('%s', (_, c) => {
    const expr = c.expr.replace('${uuid}', testMessage.uuidString);
    const run = runBin('heka-cat', ['-format=count', `-match=${expr}`, fileFor(c)]);
    if (typeof c.want === 'boolean') {
      expect(run.stderr.endsWith(summary(1, c.want ? 1 : 0))).toBe(true);
      expect(run.code).toBe(0);
    } else {
      expect(run.stderr).toMatch(new RegExp(`^Match specification - syntax error: last token: ${escape(c.want.lastToken)} pos: ${c.want.pos}\\n`));
      expect(run.code).toBe(2);
    }
    expect(run.stdout).toBe('');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('output formats', () => {
  it('prints json with exactly the keys and value forms of Go json.Marshal', () => {
    const run = runBin('heka-cat', ['-format=json', stream('all-value-types.hpb')]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    const keys = (line: string): string[] => Object.keys(JSON.parse(line));
    expect(keys(lines[0]!)).toEqual(['uuid', 'timestamp', 'type', 'logger', 'severity', 'payload', 'env_version', 'pid', 'hostname', 'fields']);
    const fields = JSON.parse(lines[0]!).fields as Record<string, unknown>[];
    expect(fields.map((f) => Object.keys(f))).toEqual([
      ['name', 'value_type', 'representation', 'value_string'],
      ['name', 'value_type', 'representation', 'value_bytes'],
      ['name', 'value_type', 'representation', 'value_integer'],
      ['name', 'value_type', 'representation', 'value_double'],
      ['name', 'value_type', 'representation', 'value_bool'],
      ['name', 'value_type', 'representation', 'value_string'],
      ['name', 'value_type', 'representation', 'value_string'],
    ]);
    // int64 values are printed exactly, not through float64.
    expect(lines[0]).toContain('"value_integer":[0,1,-1,9223372036854775807,-9223372036854775808]');
    expect(lines[0]).toContain('"value_bytes":["AAH+/w==",""]');
    expect(lines[0]).toContain('"value_double":[0.5,-1e-7,1e+21,3.141592653589793]');
    expect(lines[0]).toContain('"uuid":"XgAAAAAAQACAAAAAAAAACg=="');
    expect(lines[1]).toBe('{"uuid":"XgAAAAAAQACAAAAAAAAACw==","timestamp":-1,"type":"fixture.negative","severity":-1,"pid":-2}');
    expect(lines[2]).toContain('"payload":"ok\ufffd\ufffd\\n"');
    expect(lines[3]).toBe('{"uuid":"XgAAAAAAQACAAAAAAAAADQ==","timestamp":1795219200000000003}');
  });

  it('prints the txt block, writing a payload that is not UTF-8 byte for byte', () => {
    const run = runBin('heka-cat', ['-format=txt', '-match=Type == \'fixture.binary\'', stream('all-value-types.hpb')], { env: { ...process.env, TZ: 'UTC' } });
    expect(run.code).toBe(0);
    expect(run.stdoutBytes).toEqual(Buffer.concat([
      Buffer.from('Timestamp: 2026-11-21 00:00:00.000000002 +0000 UTC\nType: fixture.binary\nHostname: \nPid: 0\n' +
        'UUID: 5e000000-0000-4000-8000-00000000000c\nLogger: \nPayload: ok'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('\n\nEnvVersion: \nSeverity: 7\nFields: []\n\n'),
    ]));
  });

  it('copies the raw framed records with -format=heka', () => {
    const input = stream('web-access.hpb');
    const all = runBin('heka-cat', ['-format=heka', input]);
    expect(all.stdoutBytes.equals(readFileSync(input))).toBe(true);

    const errors = runBin('heka-cat', ['-format=heka', '-match=Fields[status] >= 500', input]);
    const expected = records(input).filter((r) => Number(decodeMessage(r.message).fieldValue('status')) >= 500);
    expect(expected.length).toBeGreaterThan(50);
    expect(errors.stdoutBytes.equals(Buffer.concat(expected.map((r) => r.record)))).toBe(true);
    expect(errors.stderr.endsWith(summary(1000, expected.length))).toBe(true);
  });

  it('prints the header line and the summary on stderr', () => {
    const input = stream('signed.hpb');
    const run = runBin('heka-cat', ['-format=count', '-match=Logger == \'signer\'', input]);
    expect(run.stderr).toBe(`Input:${input}  Offset:0  Match:Logger == 'signer'  Format:count  Tail:false  Output:\n${summary(3, 3)}`);
    expect(run.stdout).toBe('');
  });
});

describe('fixtures', () => {
  it('are what scripts/make-stream-fixtures.js makes', () => {
    const run = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'make-stream-fixtures.js'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('damaged streams', () => {
  it('reports each run of corrupt bytes, undecodable messages and a truncated end with offsets', () => {
    const run = runBin('heka-cat', ['-format=count', stream('corrupt.hpb')]);
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').slice(1)).toEqual([
      'Corruption detected at offset: 0 bytes: 32',
      'Corruption detected at offset: 154 bytes: 3',
      'Skipped a header announcing a 16777216-byte message (over -max-message-size)',
      'Corruption detected at offset: 218 bytes: 69',
      'Error unmarshalling message at offset: 348 error: truncated uuid at byte 1: needs 16 bytes, only 2 left',
      'Incomplete record at end of input at offset: 418 bytes: 20',
      'Processed: 6, matched: 5 messages',
      '',
    ]);
  });

  it('honours -max-message-size', () => {
    const run = runBin('heka-cat', ['-format=count', '-max-message-size=100', stream('heka-test-message.hpb')]);
    expect(run.stderr).toContain('Skipped a header announcing a 342-byte message (over -max-message-size)');
    expect(run.stderr.endsWith(summary(0, 0))).toBe(true);
  });
});

describe('flags and files', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'heka-cat-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts at -offset and reports absolute offsets', () => {
    const input = stream('signed.hpb');
    const second = records(input)[1]!.offset;
    const run = runBin('heka-cat', ['-format=count', `-offset=${second}`, input]);
    expect(run.stderr.endsWith(summary(2, 2))).toBe(true);
    const midRecord = runBin('heka-cat', ['-format=count', `-offset=${second + 1}`, input]);
    expect(midRecord.stderr).toContain(`Corruption detected at offset: ${second + 1} bytes: `);
    expect(midRecord.stderr.endsWith(summary(1, 1))).toBe(true);
  });

  it('writes -output as a new 0644 file', () => {
    const out = join(dir, 'out.json');
    const run = runBin('heka-cat', ['-format=json', `-output=${out}`, stream('signed.hpb')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(3);
    expect(statSync(out).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it.each([
    ['no input file', [], 1, /^heka-cat needs exactly one input file, got 0\.\nUsage of heka-cat:/],
    ['two input files', ['a', 'b'], 1, /needs exactly one input file, got 2/],
    ['an unknown flag', ['-frmat=json', 'x'], 2, /^flag provided but not defined: -frmat\n/],
    ['a bad matcher', ['-match=Type = 1', 'x'], 2, /^Match specification - syntax error: last token: Type pos: 7\n  hint: /],
    ['a missing input', ['/nonexistent/stream.hpb'], 3, /^Cannot open input \/nonexistent\/stream.hpb: no such file\n$/],
    ['a directory as input', ['/tmp'], 3, /^Cannot open input \/tmp: is a directory\n$/],
    ['an output in a missing directory', ['-output=/nonexistent/out', 'SIGNED'], 4, /^Cannot open output \/nonexistent\/out: no such file\n$/],
    ['a negative offset', ['-offset=-5', 'SIGNED'], 5, /^Cannot seek to offset -5 of .*: the offset must not be negative\n$/],
    ['a message size that is too large', ['-max-message-size=4294967295', 'x'], 8, /^Message size is too large: 4294967295\n$/],
  ])('exits with Heka\'s status for %s', (_, args, code, stderr) => {
    const run = runBin('heka-cat', args.map((a) => a.replace('SIGNED', stream('signed.hpb'))));
    expect(run.stderr).toMatch(stderr);
    expect(run.code).toBe(code);
  });
});

describe('-tail', () => {
  let dir: string;
  let cat: RunningBin | undefined;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'heka-cat-tail-')); });
  afterEach(() => {
    cat?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints records appended after the end of the file, and the summary on SIGINT', async () => {
    const file = join(dir, 'growing.hpb');
    copyFileSync(stream('heka-test-message.hpb'), file);
    cat = startBin('heka-cat', ['-tail', '-format=json', file]);
    await cat.waitFor((c) => c.stdout.toString().split('\n').length === 2);
    const signed = records(stream('signed.hpb'));
    appendFileSync(file, signed[0]!.record);
    // Half a record first: the rest arrives on a later poll.
    appendFileSync(file, signed[1]!.record.subarray(0, 10));
    await cat.waitFor((c) => c.stdout.toString().split('\n').length === 3);
    appendFileSync(file, signed[1]!.record.subarray(10));
    await cat.waitFor((c) => c.stdout.toString().split('\n').length === 4);
    cat.kill('SIGINT');
    expect(await cat.exited).toEqual({ code: 0, signal: null });
    expect(cat.stderr.endsWith(summary(3, 3))).toBe(true);
    expect(cat.stdout.toString()).toContain('"type":"fixture.md5"');
  });
});
