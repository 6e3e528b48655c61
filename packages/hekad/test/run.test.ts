// hekad running real pipelines from bin/hekad, as users run it (`pnpm test` builds first).
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSize, runBin, startBin, type RunningBin } from '@heka/core/testing';

let dir: string;
let hekad: RunningBin | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-run-')); });
afterEach(() => {
  hekad?.kill();
  hekad = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function config(name: string, toml: string): string {
  const path = join(dir, name);
  writeFileSync(path, toml);
  return path;
}


describe('hekad with StdinInput', () => {
  it('prints piped lines through PayloadEncoder and LogOutput, then drains and exits 0 at the end of input', () => {
    const path = config('stdin.toml', `
[hekad]
log_flags = 0

[stdin]
type = "StdinInput"

[PayloadEncoder]
append_newlines = false

[LogOutput]
message_matcher = "Type == 'stdin'"
encoder = "PayloadEncoder"
`);
    const run = runBin('hekad', [`-config=${path}`], { input: 'first line\nsecond line\nno newline at the end' });
    // TokenSplitter's deliver_incomplete_final is false, as in Heka: the unfinished line is reported, not silently lost.
    expect(run.stderr).toBe("Input 'stdin' error: the input ended inside a record; 21 bytes were not delivered (set deliver_incomplete_final = true on the splitter to deliver them)\n");
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      'Starting hekad...', 'Output started: LogOutput', 'MessageRouter started.', 'Input started: stdin',
      'first line', 'second line',
      "Stop message sent to input 'stdin'", "Stop message sent to output 'LogOutput'", 'Shutdown complete.', '',
    ]);
  });

  it('writes a Heka stream file that heka-cat reads back (ProtobufEncoder, FileOutput with framing)', () => {
    const out = join(dir, 'out.hpb');
    const path = config('stream.toml', `
[stdin]
type = "StdinInput"

[file]
type = "FileOutput"
message_matcher = "TRUE"
path = "${out}"
encoder = "ProtobufEncoder"
`);
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ünïcode \u00ff`);
    const run = runBin('hekad', [`-config=${path}`], { input: lines.join('\n') + '\n' });
    expect(run.code).toBe(0);
    const cat = runBin('heka-cat', ['-format=json', out]);
    expect(cat.stderr.endsWith('Processed: 300, matched: 300 messages\n')).toBe(true);
    const payloads = cat.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as { payload: string; type: string }));
    expect(payloads.map((p) => p.payload)).toEqual(lines.map((l) => `${l}\n`));
    expect(new Set(payloads.map((p) => p.type))).toEqual(new Set(['stdin']));
  });
});

describe('hekad with LogstreamerInput', () => {
  it('reads rotated files oldest first, journals what was written, resumes without repeating, and picks up new lines', async () => {
    const logs = join(dir, 'logs');
    const out = join(dir, 'out.log');
    const base = join(dir, 'base');
    mkdirSync(logs);
    writeFileSync(join(logs, 'access.log.2'), 'a1\na2\n');
    writeFileSync(join(logs, 'access.log.1'), 'b1\n');
    writeFileSync(join(logs, 'access.log'), 'c1\nc2\n');
    const path = config('logs.toml', `
[hekad]
base_dir = "${base}"

[nginx_access_logs]
type = "LogstreamerInput"
log_directory = "${logs}"
file_match = 'access\\.log\\.?(?P<Index>\\d+)?'
priority = ["^Index"]

[PayloadEncoder]
append_newlines = false

[file]
type = "FileOutput"
message_matcher = "Type == 'logfile'"
path = "${out}"
encoder = "PayloadEncoder"
`);
    const all = 'a1\na2\nb1\nc1\nc2\n';
    hekad = startBin('hekad', [`-config=${path}`]);
    await hekad.waitFor(() => fileSize(out) >= all.length);
    hekad.kill('SIGTERM');
    expect(await hekad.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(out, 'utf8')).toBe(all);
    const journal = JSON.parse(readFileSync(join(base, 'logstreamer', 'nginx_access_logs'), 'utf8')) as { seek: number; file_name: string };
    expect(journal).toMatchObject({ seek: 6, file_name: join(logs, 'access.log') });

    appendFileSync(join(logs, 'access.log'), 'c3\n');
    hekad = startBin('hekad', [`-config=${path}`]);
    await hekad.waitFor(() => fileSize(out) >= all.length + 3);
    appendFileSync(join(logs, 'access.log'), 'c4\n');
    await hekad.waitFor(() => fileSize(out) >= all.length + 6);
    hekad.kill('SIGTERM');
    expect(await hekad.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(out, 'utf8')).toBe(`${all}c3\nc4\n`);
  });
});

describe('hekad signals', () => {
  it('reopens FileOutput files on SIGHUP, so logrotate can move them', async () => {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    writeFileSync(join(logs, 'app.log'), 'before\n');
    const out = join(dir, 'out.log');
    const path = config('hup.toml', `
[hekad]
base_dir = "${join(dir, 'base')}"

[app]
type = "LogstreamerInput"
log_directory = "${logs}"
file_match = 'app\\.log'

[PayloadEncoder]
append_newlines = false

[file]
type = "FileOutput"
message_matcher = "TRUE"
path = "${out}"
encoder = "PayloadEncoder"
`);
    hekad = startBin('hekad', [`-config=${path}`]);
    await hekad.waitFor(() => fileSize(out) === 'before\n'.length);
    renameSync(out, `${out}.1`);
    hekad.kill('SIGHUP');
    await hekad.waitFor((h) => h.stdout.toString().includes('Reload initiated.'));
    appendFileSync(join(logs, 'app.log'), 'after\n');
    await hekad.waitFor(() => fileSize(out) === 'after\n'.length);
    hekad.kill('SIGTERM');
    expect(await hekad.exited).toEqual({ code: 0, signal: null });
    expect([readFileSync(`${out}.1`, 'utf8'), readFileSync(out, 'utf8')]).toEqual(['before\n', 'after\n']);
  });
});

describe('hekad self-report messages', () => {
  it('injects heka.all-report and heka.memstat every 5 s for a FileOutput that asks for them by Type', async () => {
    const reports = join(dir, 'reports.log');
    const memstats = join(dir, 'memstats.log');
    const path = config('report.toml', `
[hekad]
base_dir = "${join(dir, 'base')}"

[PayloadEncoder]

[reports]
type = "FileOutput"
message_matcher = "Type == 'heka.all-report'"
path = "${reports}"
encoder = "PayloadEncoder"
flush_interval = 10

[memstats]
type = "FileOutput"
message_matcher = "Type == 'heka.memstat' && Logger == 'hekad'"
path = "${memstats}"
encoder = "RstEncoder"
flush_interval = 10

[RstEncoder]
`);
    hekad = startBin('hekad', [`-config=${path}`]);
    const started = Date.now();
    await hekad.waitFor(() => fileSize(reports) > 0 && fileSize(memstats) > 0, 20_000);
    // Heka's pace (DashboardOutput's default ticker_interval): none before 5 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_500);
    hekad.kill('SIGTERM');
    expect(await hekad.exited).toEqual({ code: 0, signal: null });

    const report = JSON.parse(readFileSync(reports, 'utf8').split('\n')[0]!) as Record<string, { Name: string }[]>;
    expect(Object.keys(report)).toEqual(['globals', 'outputs']);
    expect(report['globals']!.map((p) => p.Name)).toEqual(['Router']);
    expect(report['outputs']!.map((p) => p.Name)).toEqual(['reports', 'memstats']);
    expect(report['outputs']![0]).toMatchObject({
      InChanCapacity: { representation: 'count', value: 30 },
      MatchAvgDuration: { representation: 'ns', value: expect.any(Number) as number },
      ProcessMessageCount: { representation: 'count', value: expect.any(Number) as number },
    });

    const rst = readFileSync(memstats, 'utf8');
    expect(rst).toContain(':Type: heka.memstat\n');
    for (const name of ['HeapSys', 'HeapAlloc', 'HeapIdle', 'HeapInuse', 'HeapReleased']) {
      expect(rst).toMatch(new RegExp(`\\| name:"${name}" type:integer value:\\d+ representation:"B"`));
    }
    expect(rst).toMatch(/\| name:"HeapObjects" type:integer value:\d+ representation:"count"/);
  }, 60_000);
});

describe('hekad when a plugin fails', () => {
  it('stops with status 1 when an output cannot start, without retrying, and says why', async () => {
    const out = join(dir, 'a-directory');
    mkdirSync(out);
    const path = config('fail.toml', `
[hekad]
base_dir = "${join(dir, 'base')}"

[PayloadEncoder]

[out]
type = "FileOutput"
message_matcher = "TRUE"
path = "${out}"
encoder = "PayloadEncoder"
[out.retries]
delay = "10ms"
`);
    hekad = startBin('hekad', [`-config=${path}`]);
    expect(await hekad.exited).toEqual({ code: 1, signal: null });
    const errors = hekad.stderr.split('\n').map((l) => l.replace(/^\S+ \S+ /, ''));
    expect(errors.filter((l) => l !== '')).toEqual([
      expect.stringMatching(/^Output 'out' failed to start: .*EISDIR/) as string,
      "Plugin 'out': has stopped, shutting down.",
    ]);
    expect(hekad.stdout.toString()).toContain('Shutdown complete.');
    expect(hekad.stdout.toString()).not.toContain('restarting');
  }, 30_000);
});
