import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFileError } from './file-error.js';
import { formatIssue } from './issues.js';
import { listConfigFiles, loadConfig, mergeConfigFiles, parseConfigFile, type ConfigLoadError } from './load.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'heka-load-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function loadError(path: string, env = {}): ConfigLoadError {
  try { loadConfig(path, { env }); } catch (e) { return e as ConfigLoadError; }
  throw new Error('expected a throw');
}

describe('loadConfig', () => {
  it('reads a directory\'s *.toml files in ascending name order, and nothing else', () => {
    write('b.toml', '[b]\n');
    write('a.toml', '[a]\n');
    write('10.toml', '[ten]\n');
    write('notes.txt', '[nope]\n');
    write('c.toml.bak', '[nope]\n');
    mkdirSync(join(dir, 'sub.toml'));
    expect(listConfigFiles(dir)).toEqual(['10.toml', 'a.toml', 'b.toml'].map((n) => join(dir, n)));
    expect(loadConfig(dir).sections.map((s) => s.name)).toEqual(['ten', 'a', 'b']);
  });

  it('merges whole sections: a later [hekad] replaces the earlier, a later plugin section wins with a warning', () => {
    write('1.toml', '[hekad]\npoolsize = 10\nmaxprocs = 2\n\n[enc]\ntype = "PayloadEncoder"\nprefix_ts = true\n');
    write('2.toml', '# again\n[hekad]\nmaxprocs = 4\n\n[enc]\nappend_newlines = false\n');
    const loaded = loadConfig(dir);
    expect(loaded.hekad?.table).toEqual({ maxprocs: 4 });
    expect(loaded.sections.map((s) => [s.name, s.file, s.table])).toEqual([['enc', join(dir, '2.toml'), { append_newlines: false }]]);
    expect(loaded.replaced.map((s) => s.file)).toEqual([join(dir, '1.toml')]);
    expect(loaded.issues.map(formatIssue)).toEqual([
      `warning: ${dir}/2.toml:2: [hekad]: replaces the [hekad] section of ${dir}/1.toml:1 (its settings are not merged key by key) — keep one section of that name, or rename one of them`,
      `warning: ${dir}/2.toml:5: [enc]: replaces the [enc] section of ${dir}/1.toml:5 (Heka merges whole sections, not keys) — keep one section of that name, or rename one of them`,
    ]);
  });

  it('substitutes %ENV[] before parsing', () => {
    const file = write('h.toml', '[in]\nlog_directory = "%ENV[DIR]"\n%ENV[EXTRA]\n');
    expect(loadConfig(file, { env: { DIR: '/srv/logs', EXTRA: 'count = 2' } }).sections[0]?.table).toEqual({ log_directory: '/srv/logs', count: 2 });
  });

  it('locates keys and sections by line, nearest known place first', () => {
    const [section] = parseConfigFile('h.toml', '[out]\ntype = "FileOutput"\n\n[out.buffering]\nfull_action = "x"\n').sections;
    expect(section?.line).toBe(1);
    expect(section?.locate(['type'])).toEqual({ file: 'h.toml', line: 2 });
    expect(section?.locate(['buffering', 'full_action'])).toEqual({ file: 'h.toml', line: 5 });
    expect(section?.locate(['buffering', 'nope'])).toEqual({ file: 'h.toml', line: 4 });
    expect(section?.locate(['missing'])).toEqual({ file: 'h.toml', line: 1 });
  });

  it('reports a top-level value that is not a section', () => {
    const parsed = parseConfigFile('h.toml', 'stray = 1\n[a]\n');
    expect(parsed.issues.map(formatIssue)).toEqual([
      'h.toml:1: [stray]: expected a [stray] section (a table), got a top-level integer — plugin settings go under a [section] header; move this line below the section it belongs to',
    ]);
    expect(mergeConfigFiles('h.toml', [parsed]).sections.map((s) => s.name)).toEqual(['a']);
  });

  it('reports every broken file of a directory, with file, line and column', () => {
    write('a.toml', '[a]\nx = "%ENV[OOPS"\n');
    write('b.toml', '[b]\n');
    write('c.toml', '[c]\nx = \n');
    const e = loadError(dir);
    expect(e.errors.map(formatFileError)).toEqual([
      `${dir}/a.toml:2:6: Missing closing delimiter — end the reference with "]", as in %ENV[NAME]\n    x = "%ENV[OOPS"\n         ^`,
      `${dir}/c.toml:2:5: invalid TOML: invalid value\n    x = \n        ^`,
    ]);
  });

  it('says when the path does not exist', () => {
    const e = loadError(join(dir, 'nope.toml'));
    expect(e.errors.map(formatFileError)).toEqual([`${dir}/nope.toml: can't open config: no such file or directory — give -config the path of a TOML file or of a directory of *.toml files`]);
  });
});
