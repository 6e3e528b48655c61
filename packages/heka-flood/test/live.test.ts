// heka-flood's live view in a real terminal: tmux runs bin/heka-flood against a FrameSink in this
// process, the test reads the screen (capture-pane), presses q and checks the clean end.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameSink, repoRoot } from '@heka/core/testing';
import { writeConfig } from './run-flood.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const NO_TMUX = 'skipped: tmux is not installed (apt-get install -y tmux to run it)';
if (!hasTmux) console.warn(`heka-flood live view test ${NO_TMUX}`);

let dir: string;
let socket: string;
let sink: FrameSink | undefined;

function tmux(...args: string[]): string {
  const run = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}
const screen = (): string => tmux('capture-pane', '-p', '-t', 'flood');

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${screen()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heka-flood-live-'));
  socket = `heka-flood-live-${process.pid}-${Date.now()}`;
});
afterEach(async () => {
  if (hasTmux) spawnSync('tmux', ['-L', socket, 'kill-server']);
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
    tmux('new-session', '-d', '-s', 'flood', '-x', '120', '-y', '30', command);

    const live = await waitFor('two seconds of rates', () => {
      const text = screen();
      return /elapsed 0:00:0[2-9]/.test(text) && /sent [1-9]/.test(text) ? text : undefined;
    });
    expect(live).toMatch(new RegExp(`^heka-flood {2}test default {2}→ tcp ${sink.address.replace(/\./g, '\\.')} {2}elapsed 0:00:\\d\\d$`, 'm'));
    expect(live).toMatch(/^msg\/s +[\d.]+k? [▁▂▃▄▅▆▇█]{60}$/m);
    expect(live).toMatch(/^Mbit\/s +[\d.]+ [▁▂▃▄▅▆▇█]{60}$/m);
    expect(live).toMatch(/^sent \d+ {2}delivered \d+ {2}queued \d+ {2}errors 0 {2}reconnects 0$/m);
    // No per-second text lines while the view is up.
    expect(live).not.toMatch(/Sent \d+ messages\./);

    tmux('send-keys', '-t', 'flood', 'q');
    const code = await waitFor('heka-flood to exit', () => (existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : undefined));
    expect(code).toBe('0');
    const done = /Clean shutdown: {2}(\d+) {2}messages sent; {2}(\d+) {2}messages delivered\./.exec(screen());
    expect(done).not.toBeNull();
    expect(done![1]).toBe(done![2]);
    await sink.waitFor(Number(done![1]));
    expect(sink.records).toHaveLength(Number(done![1]));
  });
});
