// heka-flood's live view in a real terminal: tmux runs bin/heka-flood against a FrameSink in this
// process, the test reads the screen (capture-pane), presses q and checks the clean end.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameSink, NO_TMUX, TmuxSession, hasTmux, repoRoot } from '@heka/core/testing';
import { writeConfig } from './run-flood.js';

if (!hasTmux) console.warn(`heka-flood live view test ${NO_TMUX}`);

let dir: string;
let term: TmuxSession;
let sink: FrameSink | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heka-flood-live-'));
  term = new TmuxSession('heka-flood-live', 'flood');
});
afterEach(async () => {
  term.kill();
  await sink?.close();
  rmSync(dir, { recursive: true, force: true });
});

(hasTmux ? describe : describe.skip)(`heka-flood on a terminal${hasTmux ? '' : ` (${NO_TMUX})`}`, () => {
  it('draws the live view while flooding and stops on q with Heka\'s last line', async () => {
    sink = await FrameSink.start();
    // A paced flood: the view must show steady rates without starving the test's own sink.
    const config = writeConfig(dir, 'default', `ip_address = "${sink.address}"\nsender = "tcp"\nmessage_interval = "1ms"`);
    const exitFile = join(dir, 'exit');
    const command = `CI=0 '${process.execPath}' '${join(repoRoot, 'bin', 'heka-flood')}' -config='${config}'; echo $? > '${exitFile}'; sleep 60`;
    term.start(command, 120, 30);

    const live = await term.waitFor('two seconds of rates', () => {
      const text = term.screen();
      return /elapsed 0:00:0[2-9]/.test(text) && /sent [1-9]/.test(text) ? text : undefined;
    }, 20_000);
    expect(live).toMatch(new RegExp(`^heka-flood {2}test default {2}→ tcp ${sink.address.replace(/\./g, '\\.')} {2}elapsed 0:00:\\d\\d$`, 'm'));
    expect(live).toMatch(/^msg\/s +[\d.]+k? [▁▂▃▄▅▆▇█]{60}$/m);
    expect(live).toMatch(/^Mbit\/s +[\d.]+ [▁▂▃▄▅▆▇█]{60}$/m);
    expect(live).toMatch(/^sent \d+ {2}delivered \d+ {2}queued \d+ {2}errors 0 {2}reconnects 0$/m);
    // No per-second text lines while the view is up.
    expect(live).not.toMatch(/Sent \d+ messages\./);

    term.sendKeys('q');
    const code = await term.waitFor('heka-flood to exit', () => (existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : undefined), 20_000);
    expect(code).toBe('0');
    const done = /Clean shutdown: {2}(\d+) {2}messages sent; {2}(\d+) {2}messages delivered\./.exec(term.screen());
    expect(done).not.toBeNull();
    expect(done![1]).toBe(done![2]);
    await sink.waitFor(Number(done![1]));
    expect(sink.records).toHaveLength(Number(done![1]));
  });
});
