import { join } from 'node:path';
import { copyLogstreamerFixture, type TempTree } from '@heka/core/testing';
import { inspectSection } from './inspect.js';
import { formatProblem, formatText, toJson } from './report.js';

let tree: TempTree;
let root: string;
beforeAll(() => {
  tree = copyLogstreamerFixture();
  root = join(tree.dir, 'filehandling');
});
afterAll(() => tree.remove());

const section = (table: Record<string, unknown>) => ({ name: 'web', file: 'c.toml', table: { type: 'LogstreamerInput', ...table } });

describe('inspectSection', () => {
  it('lists streams sorted by name with files oldest to newest, in Heka\'s layout', async () => {
    const report = await inspectSection(section({ log_directory: root, file_match: '/(?P<Year>\\d+)/(?P<Month>\\d+)/(?P<Type>\\w+)\\.log(\\.(?P<Seq>\\d+))?', priority: ['Year', 'Month', '^Seq'], differentiator: ['website-', 'Type'] }));
    expect(report.problems).toEqual([]);
    const text = formatText(report);
    expect(text.startsWith('Found 2 Logstream(s) for section [web].\n\nLogstream name: [website-access]\nFiles: 26 (printing oldest to newest)\n\t' + join(root, '2010/05/access.log.3') + '\n')).toBe(true);
    expect(text).toContain(`\nLogstream name: [website-error]\nFiles: 26 (printing oldest to newest)\n\t${join(root, '2010/07/error.log.2')}\n`);
    expect(toJson(report)).toMatchObject({ section: 'web', streams: [{ name: 'website-access' }, { name: 'website-error' }], problems: [], errors: [] });
  });

  it('reports a section that matches no file, and files too old to count', async () => {
    const none = await inspectSection(section({ log_directory: root, file_match: 'nothing\\.log' }));
    expect(none.problems.map((p) => formatProblem('web', p))).toEqual([
      `[web] ${join(root, 'nothing\\.log$')}: no file matches — file_match is a Go regular expression matched against the whole path after ${root}/; check log_directory and file_match`,
    ]);
    const old = await inspectSection(section({ log_directory: root, file_match: '/subdir/file\\.log' }), Date.now() + 1000 * 3600_000);
    expect(old.problems[0]!.hint).toBe('1 file(s) match but were last modified more than oldest_duration ago; raise oldest_duration (or set it to "0")');
  });

  it('reports files whose translation or month cannot be resolved, and priorities naming no group', async () => {
    const report = await inspectSection(section({ log_directory: join(root, 'subdir'), file_match: 'file\\.log\\.?(?P<Seq>\\d*)', priority: ['^Seq', 'Day'], translation: { Seq: { '1': 1, '2': 2 } } }));
    expect(report.problems.map((p) => formatProblem('web', p))).toEqual([
      `[web] ${join(root, 'subdir/file.log')}: Value 'missing' not found in translation map 'Seq'. — add "missing" = <number> to [web.translation.Seq], or narrow file_match so this file is not matched (an empty capture is looked up as "missing")`,
      `[web] file\\.log\\.?(?P<Seq>\\d*)$: priority "Day" names no capture group of file_match, so it cannot order the files — use one of Seq, or add (?P<Day>…) to file_match`,
    ]);
  });

  it('keeps Heka\'s fatal errors', async () => {
    const multi = await inspectSection(section({ log_directory: join(root, 'subdir'), file_match: 'file\\.log.*' }));
    expect(multi.errors[0]).toMatch(/^Error scanning: Found multiple logfiles without Priority to sort on for name: web, filematch: file\\\.log\.\*\$, files: \[/);
    const dir = await inspectSection(section({ log_directory: join(root, 'nope'), file_match: 'x' }));
    expect(dir.errors[0]).toMatch(/^Error initializing LogstreamSet: log_directory ".*nope": no such file or directory — /);
  });
});
