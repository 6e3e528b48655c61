// Heka's logstreamer/filehandling_test.go, ported (spec §5.5), plus pattern and discovery details.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyLogstreamerFixture, type TempTree } from '../testing/logstreamer-fixture.js';
import { findLogFiles, groupByStream, sortByPriority, streamName, type LogFile } from './discovery.js';
import { lowercaseTranslation, matchParts, type Translation } from './match-parts.js';
import { anchoredFileMatch, compileFilePattern, quoteGoMeta, resolveFilePattern } from './pattern.js';
import { LogstreamSet } from './set.js';

let tree: TempTree;
let root: string;
beforeAll(() => {
  tree = copyLogstreamerFixture();
  root = join(tree.dir, 'filehandling');
});
afterAll(() => tree.remove());

const tr = (t: Translation = {}) => lowercaseTranslation(t);
const scan = async (fileMatch: string, translation: Translation = {}): Promise<LogFile[]> =>
  findLogFiles(await resolveFilePattern(root, fileMatch), 0, tr(translation));
const rel = (files: readonly LogFile[]) => files.map((f) => f.path.slice(root.length + 1));

describe('file_match', () => {
  it('appends $ unless it is already last', () => {
    expect(anchoredFileMatch('access\\.log')).toBe('access\\.log$');
    expect(anchoredFileMatch('access\\.log$')).toBe('access\\.log$');
  });

  it('quotes the root as Go QuoteMeta does and adds / only when neither side has one', () => {
    expect(quoteGoMeta('/var/log/a.b+(c)')).toBe('/var/log/a\\.b\\+\\(c\\)');
    expect(compileFilePattern('/var/log', 'x').expression).toBe('^/var/log/x$');
    expect(compileFilePattern('/var/log', '/x').expression).toBe('^/var/log/x$');
    expect(compileFilePattern('/', 'x').expression).toBe('^/x$');
  });

  it('keeps Go group names, (?P<name>…) included', () => {
    const p = compileFilePattern('/logs', '(?P<Year>\\d+)/(\\w+)\\.log')
    expect(p.groupNames).toEqual(['', 'Year', '']);
    expect(p.regexp.exec('/logs/2013/x.log')?.[1]).toBe('2013');
    expect(p.regexp.test('/other/2013/x.log')).toBe(false);
  });

  it('says what is wrong with a bad expression or directory', async () => {
    expect(() => compileFilePattern('/logs', 'a(b')).toThrow(/file_match "a\(b" is not a valid regular expression/);
    await expect(resolveFilePattern(join(tree.dir, 'nope'), 'x')).rejects.toThrow(/log_directory ".*nope": no such file or directory/);
  });

  it('matches against the root with symlinks resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heka-ls-link-'));
    try {
      symlinkSync(root, join(dir, 'link'));
      const files = findLogFiles(await resolveFilePattern(join(dir, 'link'), '/subdir/.*\\.log(\\..*)?'), 0, tr());
      expect((await files).map((f) => f.path)).toEqual(['file.log', 'file.log.1', 'file.log.2'].map((n) => join(root, 'subdir', n)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('filehandling_test.go', () => {
  it('1. scans the subdir: 3 files, and none for .logg', async () => {
    expect(await scan('/subdir/.*\\.log(\\..*)?')).toHaveLength(3);
    expect(await scan('/subdir/.*.logg(.*)?')).toHaveLength(0);
  });

  it('2. scores MonthName and digits', () => {
    const parts = matchParts(['MonthName', 'LogNumber'], ['October', '24'], tr());
    expect(parts.error).toBeUndefined();
    expect(parts.scores.get('MonthName')).toBe(10);
    expect(parts.scores.get('LogNumber')).toBe(24);
  });

  it('3. refuses an unknown month name', () => {
    expect(matchParts(['MonthName', 'LogNumber'], ['Octoberrr', '24'], tr()).error).toBe('Unable to locate month name: Octoberrr');
  });

  it('4. refuses a value missing from a translation map', () => {
    expect(matchParts(['MonthName', 'LogNumber'], ['October', '24'], tr({ LogNumber: { '23': 22, '999': 999 } })).error)
      .toBe("Value '24' not found in translation map 'LogNumber'.");
  });

  it('5. translates through the map', () => {
    const parts = matchParts(['MonthName', 'LogNumber'], ['October', '24'], tr({ LogNumber: { '24': 2, '999': 999 } }));
    expect(parts.error).toBeUndefined();
    expect(parts.scores.get('LogNumber')).toBe(2);
    expect(parts.scores.get('MonthName')).toBe(10);
  });

  it('6. scores FileNumber in walk order, and refuses it with a map that lacks the values', async () => {
    const files = await scan('/subdir/.*\\.log\\.?(?P<FileNumber>.*)?');
    expect(rel(files)).toEqual(['subdir/file.log', 'subdir/file.log.1', 'subdir/file.log.2']);
    expect(files.map((f) => f.scores.get('FileNumber'))).toEqual([-1, 1, 2]);
    expect(files[1]!.raw.get('FileNumber')).toBe('1');
    const bad = await scan('/subdir/.*\\.log\\.?(?P<FileNumber>.*)?', { FileNumber: { '23': 22, '999': 999 } });
    expect(bad.map((f) => f.error)).toEqual([
      "Value 'missing' not found in translation map 'FileNumber'.",
      "Value '1' not found in translation map 'FileNumber'.",
      "Value '2' not found in translation map 'FileNumber'.",
    ]);
  });

  it('7. sorts by priority, ^ descending, with a missing translation', async () => {
    const files = await scan('/subdir/.*\\.log\\.?(?P<FileNumber>.*)?');
    expect(sortByPriority(files, ['FileNumber']).map((f) => f.scores.get('FileNumber'))).toEqual([-1, 1, 2]);
    expect(sortByPriority(files, ['^FileNumber']).map((f) => f.scores.get('FileNumber'))).toEqual([2, 1, -1]);
    const missing = await scan('/subdir/.*\\.log\\.?(?P<FileNumber>.*)?', { FileNumber: { missing: 5 } });
    expect(sortByPriority(missing, ['FileNumber']).map((f) => f.scores.get('FileNumber'))).toEqual([1, 2, 5]);
  });

  it('8. forms access and error streams from the dated tree', async () => {
    const files = await scan('/(?P<Year>\\d+)/(?P<Month>\\d+)/(?P<Type>\\w+)\\.log(\\.(?P<Seq>\\d+))?');
    expect(files).toHaveLength(52);
    const streams = groupByStream(files, ['Type']);
    expect([...streams.keys()].sort()).toEqual(['access', 'error']);
    const access = sortByPriority(streams.get('access')!, ['Year', 'Month', '^Seq']);
    const error = sortByPriority(streams.get('error')!, ['Year', 'Month', '^Seq']);
    expect(access).toHaveLength(26);
    expect(error).toHaveLength(26);
    expect(rel([access[0]!, access[25]!])).toEqual(['2010/05/access.log.3', '2013/08/access.log']);
    expect(rel([error[0]!, error[25]!])).toEqual(['2010/07/error.log.2', '2013/08/error.log']);
    expect([...groupByStream(files, ['website-', 'Type']).keys()].sort()).toEqual(['website-access', 'website-error']);
  });
});

describe('discovery', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heka-ls-disc-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('drops files older than oldest_duration and keeps them with 0', async () => {
    writeFileSync(join(dir, 'new.log'), 'x');
    writeFileSync(join(dir, 'old.log'), 'x');
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(dir, 'old.log'), old, old);
    const p = await resolveFilePattern(dir, '.*\\.log');
    expect((await findLogFiles(p, 3600_000, tr())).map((f) => f.path)).toEqual([join(dir, 'new.log')]);
    expect(await findLogFiles(p, 0, tr())).toHaveLength(2);
  });

  it('keeps symlinked files but does not descend into symlinked directories', async () => {
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'a.log'), 'x');
    symlinkSync(join(dir, 'real'), join(dir, 'linkdir'));
    symlinkSync(join(dir, 'real', 'a.log'), join(dir, 'b.log'));
    const p = await resolveFilePattern(dir, '.*/?[ab]\\.log');
    expect((await findLogFiles(p, 0, tr())).map((f) => f.path)).toEqual([join(dir, 'b.log'), join(dir, 'real', 'a.log')]);
  });

  it('names streams from raw captures and literal items', () => {
    const file: LogFile = { path: '/x', raw: new Map([['Type', 'access'], ['Seq', '']]), scores: new Map(), error: undefined };
    expect(streamName(file, ['web-', 'Type', 'Seq', '-log'])).toBe('web-access-log');
  });
});

describe('LogstreamSet', () => {
  it('reports multiple files without priority and skips that stream', async () => {
    const set = await LogstreamSet.open({ logDirectory: root, fileMatch: '/subdir/file\\.log(\\.\\d+)?', differentiator: ['logfile'] });
    const result = await set.scan();
    expect(result.newStreams).toEqual([]);
    expect(result.errors).toEqual([
      `Found multiple logfiles without Priority to sort on for name: logfile, filematch: /subdir/file\\.log(\\.\\d+)?$, files: [${['file.log', 'file.log.1', 'file.log.2'].map((n) => join(root, 'subdir', n)).join(' ')}]`,
    ]);
  });

  it('requires file_match', async () => {
    await expect(LogstreamSet.open({ logDirectory: root, fileMatch: '', differentiator: ['x'] })).rejects.toThrow('`file_match` setting is required.');
  });

  it('collects the files whose sort values cannot be resolved', async () => {
    const set = await LogstreamSet.open({ logDirectory: root, fileMatch: '/subdir/file\\.log\\.?(?P<Seq>\\d*)', differentiator: ['s'], priority: ['Seq'], translation: { Seq: { '1': 1, '2': 2 } } });
    const result = await set.scan();
    expect(result.problems).toEqual([{ file: join(root, 'subdir', 'file.log'), reason: "Value 'missing' not found in translation map 'Seq'." }]);
  });

  it('finds new files and folders on a rescan and updates existing streams', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heka-ls-rescan-'));
    try {
      writeFileSync(join(dir, 'app.log'), 'a\n');
      const set = await LogstreamSet.open({ logDirectory: dir, fileMatch: '(?P<Host>[^/]*)/?app\\.log\\.?(?P<Seq>\\d*)', differentiator: ['Host', 'app'], priority: ['^Seq'] });
      expect((await set.scan()).newStreams).toEqual(['app']);
      writeFileSync(join(dir, 'app.log.1'), 'b\n');
      mkdirSync(join(dir, 'web1'));
      writeFileSync(join(dir, 'web1', 'app.log'), 'c\n');
      const again = await set.scan();
      expect(again.newStreams).toEqual(['web1app']);
      expect(set.streams.get('app')!.paths).toEqual([join(dir, 'app.log.1'), join(dir, 'app.log')]);
      expect(set.sortedStreams().map((s) => s.name)).toEqual(['app', 'web1app']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
