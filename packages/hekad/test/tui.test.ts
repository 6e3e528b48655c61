// `hekad -tui` in a real terminal: tmux runs bin/hekad on a LogstreamerInput config, the test
// reads the screen (capture-pane), presses q and checks the clean exit. Skipped without tmux.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_TMUX, TmuxSession, hasTmux, repoRoot, runBin } from '@heka/core/testing';

if (!hasTmux) console.warn(`hekad -tui terminal test ${NO_TMUX}`);

const LINES = 500;
let dir: string;
let term: TmuxSession;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hekad-tui-'));
  term = new TmuxSession('hekad-tui', 'hekad');
});
afterEach(() => {
  term.kill();
  rmSync(dir, { recursive: true, force: true });
});

(hasTmux ? describe : describe.skip)(`hekad -tui in a terminal${hasTmux ? '' : ` (${NO_TMUX})`}`, () => {
  it('shows the header and a row per plugin, and quits on q with the clean shutdown', async () => {
    const logs = join(dir, 'logs');
    const out = join(dir, 'out.log');
    mkdirSync(logs);
    writeFileSync(join(logs, 'access.log'), Array.from({ length: LINES }, (_, i) => `line ${i}\n`).join(''));
    const config = join(dir, 'hekad.toml');
    writeFileSync(config, `
[hekad]
base_dir = "${join(dir, 'base')}"
log_flags = 0

[access]
type = "LogstreamerInput"
log_directory = "${logs}"
file_match = 'access\\.log'

[PayloadEncoder]
append_newlines = false

[file]
type = "FileOutput"
message_matcher = "Type == 'logfile'"
path = "${out}"
encoder = "PayloadEncoder"
`);
    const exitFile = join(dir, 'exit');
    // CI=0: ink draws only a final frame when it believes it runs in CI; this is a terminal.
    const command = `CI=0 '${process.execPath}' '${join(repoRoot, 'bin', 'hekad')}' -config='${config}' -tui; echo $? > '${exitFile}'; sleep 60`;
    term.start(command, 120, 40);

    const live = await term.waitFor('the output row to count every line', () => {
      const text = term.screen();
      return /^file +FileOutput +500 +500 /m.test(text) ? text : undefined;
    });
    expect(live).toMatch(/^hekad {2}up \d+:\d\d:\d\d {2}[\d.]+k? msgs\/s \([\d.]+k? routed\) {2}rss [\d.]+ MB {2}heap [\d.]+ MB \/ [\d.]+ MB$/m);
    expect(live).toMatch(/^[▁▂▃▄▅▆▇█]{60} msgs\/s, last 60 s/m);
    expect(live).toMatch(/^NAME +TYPE +IN +OUT +RATE\/s↓ +QUEUE +MATCH +PROC +ERR +RST$/m);
    expect(live).toMatch(/^access +LogstreamerInput +500 +500 +\d+ +– +– +– +0 +0$/m);
    expect(live).toMatch(/^file +FileOutput +500 +500 +\d+ +0\/\d+ +\S+ +[\d.]+[nµm]?s +0 +0$/m);
    // hekad's log lines are printed above the live area
    expect(live.indexOf('Input started: access')).toBeGreaterThanOrEqual(0);
    expect(live.indexOf('Input started: access')).toBeLessThan(live.indexOf('hekad  up'));

    term.sendKeys('1');
    await term.waitFor('the sort by name', () => (term.screen().includes('NAME↑') ? true : undefined));

    term.sendKeys('q');
    const code = await term.waitFor('hekad to exit', () => (existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : undefined));
    expect(code).toBe('0');
    const last = term.screen();
    expect(last).toContain("Stop message sent to input 'access'");
    expect(last).toContain('Shutdown complete.');
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(LINES + 1);
  });

  it('shows LogOutput\'s lines in a pane under the table instead of writing over the view', async () => {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    // An escape sequence in a log line must not reach the terminal as one.
    writeFileSync(join(logs, 'access.log'), Array.from({ length: LINES }, (_, i) => `line ${i}${i === LINES - 1 ? ' \u001b[2J' : ''}\n`).join(''));
    const config = join(dir, 'hekad.toml');
    writeFileSync(config, `
[hekad]
base_dir = "${join(dir, 'base')}"
log_flags = 0

[access]
type = "LogstreamerInput"
log_directory = "${logs}"
file_match = 'access\\.log'

[PayloadEncoder]
append_newlines = false

[LogOutput]
message_matcher = "Type == 'logfile'"
encoder = "PayloadEncoder"
`);
    const command = `CI=0 '${process.execPath}' '${join(repoRoot, 'bin', 'hekad')}' -config='${config}' -tui; sleep 60`;
    term.start(command, 120, 40);
    const live = await term.waitFor('the pane to show the last line', () => {
      const text = term.screen();
      const done = text.includes('LogOutput: 500 lines, the last 10 shown') && /^LogOutput +LogOutput +500 +500 /m.test(text);
      return done && /^│ line 499 \uFFFD\[2J/m.test(text) ? text : undefined;
    });
    const rows = live.split('\n');
    const header = rows.findIndex((l) => l.startsWith('hekad  up'));
    const table = rows.findIndex((l) => /^LogOutput +LogOutput +500 +500 /.test(l));
    const pane = rows.findIndex((l) => l.includes('LogOutput: 500 lines'));
    expect([header >= 0, table > header, pane > table]).toEqual([true, true, true]);
    // Only the pane holds LogOutput's lines: the last ten, in order; none leaked above the view.
    const shown = rows.filter((l) => /line \d+/.test(l)).map((l) => /line (\d+)/.exec(l)![1]);
    expect(shown).toEqual(Array.from({ length: 10 }, (_, i) => String(LINES - 10 + i)));
    expect(rows.slice(0, header).some((l) => l.includes('Input started: access'))).toBe(true);
    term.sendKeys('q');
    await term.waitFor('hekad to exit', () => (term.screen().includes('Shutdown complete.') ? true : undefined));
  });
});

describe('hekad -tui without a terminal', () => {
  it('says it needs one and exits 1', () => {
    const run = runBin('hekad', ['-config=/nonexistent.toml', '-tui']);
    expect(run).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'hekad: -tui needs a terminal (stdout is not a TTY); run without -tui, or use SIGUSR1 for a text report\n',
    });
  });
});
