import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigIssue } from '@heka/core';
import { configFiles, decodeScanOptions, readLogstreamerSections } from './config.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heka-ls-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('config reading', () => {
  it('reads every directory entry but dot files, backups and subdirectories', () => {
    for (const name of ['a.toml', 'b.conf', '.hidden', 'c.bak', 'd.tmp', 'e~']) writeFileSync(join(dir, name), '');
    mkdirSync(join(dir, 'sub'));
    expect(configFiles(dir)).toEqual([join(dir, 'a.toml'), join(dir, 'b.conf')]);
    expect(() => configFiles(join(dir, 'missing.toml'))).toThrow(/^Error opening config file: .*missing\.toml: no such file or directory$/);
  });

  it('keeps sections named LogstreamerInput or of that type, later files replacing earlier sections', () => {
    writeFileSync(join(dir, '1.toml'), `[LogstreamerInput]\nfile_match = 'a'\n[web]\ntype = "LogstreamerInput"\nfile_match = 'b'\n[out]\ntype = "LogOutput"\n`);
    writeFileSync(join(dir, '2.toml'), `[web]\ntype = "LogstreamerInput"\nfile_match = 'c'\nlog_directory = "%ENV[HOME]"\n`);
    const sections = readLogstreamerSections(dir);
    expect(sections.map((s) => [s.name, s.table['file_match']])).toEqual([['LogstreamerInput', 'a'], ['web', 'c']]);
    expect(sections[1]!.table['log_directory']).toBe('%ENV[HOME]');
  });

  it('says which file does not parse', () => {
    writeFileSync(join(dir, 'bad.toml'), '[a\n');
    expect(() => readLogstreamerSections(join(dir, 'bad.toml'))).toThrow(/^Error decoding config file: .*bad\.toml:1:/);
  });

  it('reads only the file options, with Heka defaults', () => {
    const issues: ConfigIssue[] = [];
    const options = decodeScanOptions({ name: 'web', file: 'x.toml', table: { type: 'LogstreamerInput', file_match: 'a', splitter: 'Nope', whatever: 1 } }, issues);
    expect(issues).toEqual([]);
    expect(options).toMatchObject({ log_directory: '/var/log', file_match: 'a', priority: [], differentiator: ['web'], oldest_duration: 2_592_000_000_000_000n, translation: {} });
  });

  it('reports bad values and the one-entry translation rule', () => {
    const issues: ConfigIssue[] = [];
    expect(decodeScanOptions({ name: 'web', file: 'x.toml', table: { file_match: 'a', translation: { Seq: { missin: 9999 } } } }, issues)).toBeUndefined();
    expect(issues.map((i) => i.message)).toEqual(["A translation map with one entry ('Seq') must be specifying a 'missing' key."]);
    const ok: ConfigIssue[] = [];
    expect(decodeScanOptions({ name: 'web', file: 'x.toml', table: { file_match: 'a', translation: { Seq: { missing: 9999 } } } }, ok)).toBeDefined();
    const missing: ConfigIssue[] = [];
    decodeScanOptions({ name: 'web', file: 'x.toml', table: { oldest_duration: '5y' } }, missing);
    expect(missing.map((i) => i.path[0])).toEqual(['oldest_duration', 'file_match']);
  });
});
