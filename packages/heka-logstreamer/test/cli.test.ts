// Integration: the built bin/heka-logstreamer on a temp copy of Heka's fixture tree.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyLogstreamerFixture, runBin, type TempTree } from '@heka/core/testing';

let tree: TempTree;
beforeAll(() => {
  tree = copyLogstreamerFixture();
});
afterAll(() => tree.remove());

function config(name: string, text: string): string {
  const path = join(tree.dir, name);
  writeFileSync(path, text);
  return path;
}

describe('bin/heka-logstreamer', () => {
  it('prints the flag defaults and exits 0 without flags', () => {
    const run = runBin('heka-logstreamer', []);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('  -config string\n');
    expect(run.stderr).toContain('(default "logstreamer.toml")');
  });

  it('prints the streams of a config and exits 0', () => {
    const path = config('ok.toml', `[errors]\ntype = "LogstreamerInput"\nlog_directory = "${tree.dir}/filehandling"\nfile_match = '/(?P<Year>\\d+)/(?P<Month>\\d+)/error\\.log(\\.(?P<Seq>\\d+))?'\npriority = ["Year", "Month", "^Seq"]\ndifferentiator = ["errorlog"]\nsplitter = "TokenSplitter"\n`);
    const run = runBin('heka-logstreamer', [`-config=${path}`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual(['Found 1 Logstream(s) for section [errors].', '', 'Logstream name: [errorlog]', 'Files: 26 (printing oldest to newest)']);
    expect(lines[4]).toBe(`\t${tree.dir}/filehandling/2010/07/error.log.2`);
    expect(lines[29]).toBe(`\t${tree.dir}/filehandling/2013/08/error.log`);
  });

  it('exits 1 naming the file and the reason, and -json reports it too', () => {
    const path = config('bad.toml', `[LogstreamerInput]\nlog_directory = "${tree.dir}/filehandling/subdir"\nfile_match = 'file\\.log\\.?(?P<MonthName>\\d*)'\npriority = ["MonthName"]\ndifferentiator = ["sub"]\n`);
    const run = runBin('heka-logstreamer', ['-config', path]);
    expect(run.code).toBe(1);
    expect(run.stdout.startsWith('Found 1 Logstream(s) for section [LogstreamerInput].\n')).toBe(true);
    expect(run.stderr).toContain(`[LogstreamerInput] ${tree.dir}/filehandling/subdir/file.log.1: Unable to locate month name: 1 — `);
    const json = runBin('heka-logstreamer', ['--config', path, '-json']);
    expect(json.code).toBe(1);
    const [report] = JSON.parse(json.stdout) as [{ section: string; streams: { name: string; files: string[] }[]; problems: { file: string; reason: string }[] }];
    expect(report.section).toBe('LogstreamerInput');
    expect(report.streams[0]!.files).toHaveLength(3);
    expect(report.problems.map((p) => p.reason)).toEqual(['Unable to locate month name: missing', 'Unable to locate month name: 1', 'Unable to locate month name: 2']);
  });

  it('stops with Heka\'s messages on scan and directory errors', () => {
    const multi = runBin('heka-logstreamer', [`-config=${config('multi.toml', `[LogstreamerInput]\nlog_directory = "${tree.dir}/filehandling/subdir"\nfile_match = 'file\\.log.*'\n`)}`]);
    expect(multi.code).toBe(1);
    expect(multi.stderr).toMatch(/^Error scanning: Found multiple logfiles without Priority to sort on for name: LogstreamerInput/);
    const missing = runBin('heka-logstreamer', [`-config=${join(tree.dir, 'none.toml')}`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Error opening config file: .*none\.toml: no such file or directory/);
    const unknown = runBin('heka-logstreamer', ['-nope']);
    expect(unknown.code).toBe(2);
  });
});
