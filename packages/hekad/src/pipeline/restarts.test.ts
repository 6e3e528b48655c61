// Restartable plugins in a real Pipeline: `[name.retries]`, the restarts stat, Heka's log lines,
// start-up failures that stay fatal, and what happens when the retries run out.
import { HekaError, Registry, definePlugin, f, validateConfigText, type Message } from '@heka/core';
import { TokenSplitter } from '../plugins/splitters/token-splitter.js';
import { NullSplitter } from '../plugins/splitters/null-splitter.js';
import { HekaFramingSplitter } from '../plugins/splitters/heka-framing-splitter.js';
import { PluginExitError, type Input, type InputContext, type Output } from './contracts.js';
import { memoryLog } from './log.js';
import type { Pack } from './pack.js';
import { Pipeline } from './pipeline.js';
import { collectReport } from './report.js';

/** Pushes its lines, then reads on (like a tail) until shutdown. */
const LinesInput = definePlugin({
  type: 'LinesInput', family: 'input', summary: 'Test input.',
  common: { splitter: 'TokenSplitter' },
  config: { lines: f.array(f.string({ default: '', doc: 'l' }), { default: [], doc: 'Lines.' }) },
  create: (config) => ({
    async run(context: InputContext, signal: AbortSignal): Promise<void> {
      const stream = context.openStream({ decorate: (m: Message) => { m.type = 'line'; }, onDelivered: (at) => void delivered.push(at) });
      // One chunk: every record is queued before any consumer runs (deterministic tests).
      await stream.push(Buffer.from(config.lines.map((line) => `${line}\n`).join('')));
      if (!signal.aborted) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
      await stream.stop();
    },
  } satisfies Input),
});

const events: string[] = [];
/** Stream offsets LinesInput may checkpoint (every consumer finished the records before). */
const delivered: number[] = [];
let built = 0;

/**
 * Instance n (counted from 1) stops on a message `crash` while n ≤ crashes; instance n's prepare
 * fails when n is listed in failPrepare.
 */
const FlakyOutput = definePlugin({
  type: 'FlakyOutput', family: 'output', summary: 'Test output.',
  config: {
    crashes: f.int({ default: 1, doc: 'Instances that crash.' }),
    fail_prepare: f.array(f.int({ default: 0, doc: 'n' }), { default: [], doc: 'Instances whose prepare fails.' }),
    restartable: f.bool({ default: true, doc: 'Has cleanupForRestart.' }),
  },
  create: (config) => {
    const n = ++built;
    const output: Output = {
      prepare: () => {
        if (config.fail_prepare.includes(n)) throw new Error(`socket ${n} refused`);
        events.push(`prepare ${n}`);
      },
      processMessage: (pack: Pack) => {
        const line = pack.message.payload.trimEnd();
        if (line === 'crash' && n <= config.crashes) throw new PluginExitError(`connection ${n} lost`);
        events.push(`${n}: ${line}`);
      },
      cleanUp: () => void events.push(`cleanUp ${n}`),
    };
    if (config.restartable) output.cleanupForRestart = () => void events.push(`cleanupForRestart ${n}`);
    return output;
  },
});

let runs = 0;
/** Fails its first `failures` runs (a HekaError when `user_mistake`), then delivers a line and ends. */
const FailingInput = definePlugin({
  type: 'FailingInput', family: 'input', summary: 'Test input.',
  common: { splitter: 'TokenSplitter' },
  config: { failures: f.int({ default: 1, doc: 'Failing runs.' }), user_mistake: f.bool({ default: false, doc: 'Throw a HekaError.' }) },
  create: (config) => ({
    async run(context: InputContext): Promise<void> {
      if (++runs <= config.failures) {
        if (config.user_mistake) throw new HekaError('HEKA_TEST', 'journal is corrupt', { hint: 'delete it' });
        throw new Error(`read ${runs} failed`);
      }
      const stream = context.openStream({ decorate: (m: Message) => { m.type = 'line'; } });
      await stream.push(Buffer.from('after restart\n'));
      await stream.end();
    },
    cleanupForRestart: () => void events.push(`input cleanupForRestart ${runs}`),
  } satisfies Input),
});

const registry = new Registry([LinesInput, FlakyOutput, FailingInput, TokenSplitter, NullSplitter, HekaFramingSplitter]);

function start(toml: string) {
  const config = validateConfigText(toml, registry);
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const log = memoryLog();
  const pipeline = new Pipeline(config, log);
  pipeline.start();
  return { pipeline, log };
}

async function until(test: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out; events: ${events.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const fastRetries = (extra = '') => `
[out.retries]
delay = "5ms"
max_jitter = "1ms"
${extra}`;

beforeEach(() => {
  events.length = 0;
  delivered.length = 0;
  built = 0;
  runs = 0;
});

describe('restartable filters and outputs', () => {
  it('builds a stopped output again per [name.retries]; it takes the queued messages on', async () => {
    const { pipeline, log } = start(`
[in]
type = "LinesInput"
lines = ["a", "crash", "b", "c"]

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
${fastRetries()}
`);
    await until(() => events.includes('2: c'));
    await pipeline.stop();
    // The message it stopped on is gone (Heka: released); the rest reach the rebuilt instance.
    expect(events).toEqual(['prepare 1', '1: a', 'cleanupForRestart 1', 'prepare 2', '2: b', '2: c', 'cleanUp 2']);
    expect(pipeline.outputs[0]!.restarts).toBe(1);
    expect(collectReport(pipeline).outputs[0]!.fields).toContainEqual({ name: 'RestartCount', value: 1, representation: 'count' });
    expect(log.lines).toEqual(expect.arrayContaining([
      "ERROR Plugin 'out' error: connection 1 lost", "Plugin 'out': stopped", "Plugin 'out': now restarting",
    ]));
    expect(log.lines.some((l) => l.includes('shutting down'))).toBe(false);
  });

  it('retries a failed prepare after a restart, waiting again', async () => {
    const { pipeline, log } = start(`
[in]
type = "LinesInput"
lines = ["crash", "b"]

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
fail_prepare = [2]
${fastRetries()}
`);
    await until(() => events.includes('3: b'));
    await pipeline.stop();
    expect(events).toEqual(['prepare 1', 'cleanupForRestart 1', 'prepare 3', '3: b', 'cleanUp 3']);
    expect(log.lines.filter((l) => l.includes('now restarting'))).toHaveLength(2);
    expect(log.lines).toContain("ERROR Plugin 'out' error: socket 2 refused");
    expect(pipeline.outputs[0]!.restarts).toBe(1);
  });

  it('after max_retries: Max retries exceeded, and hekad shuts down with status 1', async () => {
    const { pipeline, log } = start(`
[in]
type = "LinesInput"
lines = ["crash", "crash", "crash", "crash"]

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
crashes = 10
${fastRetries('max_retries = 2')}
`);
    expect(await pipeline.shutdownRequested).toBe(1);
    await pipeline.stop();
    expect(pipeline.outputs[0]!.restarts).toBe(2);
    expect(built).toBe(3);
    expect(log.lines).toEqual(expect.arrayContaining([
      "ERROR Plugin 'out' error: Max retries exceeded", "ERROR Plugin 'out': has stopped, shutting down.",
    ]));
    // cleanupForRestart released the last instance; cleanUp is not called on it again.
    expect(events.filter((e) => e.startsWith('clean'))).toEqual(['cleanupForRestart 1', 'cleanupForRestart 2', 'cleanupForRestart 3']);
  });

  it('after max_retries with can_exit: the rest runs on and heka.terminated names the reason', async () => {
    const { pipeline } = start(`
[in]
type = "LinesInput"
lines = ["crash", "crash"]

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
crashes = 10
can_exit = true
${fastRetries('max_retries = 1')}

[watch]
type = "FlakyOutput"
message_matcher = "Type == 'heka.terminated'"
restartable = false
`);
    await until(() => events.some((e) => e.includes('terminated')));
    await pipeline.stop();
    // `watch` is the second instance built.
    expect(events).toContain('2: out (type FlakyOutput) terminated. Error: Max retries exceeded');
  });

  it('does not restart a plugin without cleanupForRestart (Heka\'s Restarting)', async () => {
    const { pipeline, log } = start(`
[in]
type = "LinesInput"
lines = ["crash", "b"]

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
restartable = false
${fastRetries()}
`);
    expect(await pipeline.shutdownRequested).toBe(1);
    await pipeline.stop();
    expect(built).toBe(1);
    expect(log.lines).toContain("ERROR Plugin 'out': has stopped, shutting down.");
    // hekad stops: `b` stays unfinished, so the input's checkpoint does not pass it.
    expect(delivered).toEqual([6]);
    expect(log.lines).toContain("ERROR Plugin 'out' error: Lost/Dropped 1 messages (not checkpointed: the next run reads them again)");
  });

  it('keeps a failure at start-up fatal, without retries', async () => {
    const { pipeline, log } = start(`
[in]
type = "LinesInput"

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
fail_prepare = [1]
${fastRetries()}
`);
    expect(await pipeline.shutdownRequested).toBe(1);
    await pipeline.stop();
    expect(built).toBe(1);
    expect(log.lines).toEqual(expect.arrayContaining([
      "ERROR Output 'out' failed to start: socket 1 refused", "ERROR Plugin 'out': has stopped, shutting down.",
    ]));
  });

  it('stops waiting for a restart at shutdown', async () => {
    const { pipeline, log } = start(`
[in]
type = "LinesInput"
lines = ["crash", "b"]

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
[out.retries]
delay = "1m"
`);
    await until(() => events.includes('cleanupForRestart 1'));
    const began = Date.now();
    await pipeline.stop();
    expect(Date.now() - began).toBeLessThan(5_000);
    expect(built).toBe(1);
    // `b` was never processed: the input may checkpoint past `crash` (offset 6), not past `b`.
    expect(delivered).toEqual([6]);
    expect(log.lines).toContain("ERROR Plugin 'out' error: Lost/Dropped 1 messages (not checkpointed: the next run reads them again)");
  });

  it('does not hold up the inputs\' drain at shutdown while waiting for a restart', async () => {
    const { pipeline } = start(`
[hekad]
plugin_chansize = 1

[in]
type = "LinesInput"
lines = ["crash", "b", "c", "d", "e", "f", "g"]

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
[out.retries]
delay = "1m"
`);
    await until(() => events.includes('cleanupForRestart 1'));
    // The input is blocked on the stopped output's full queue until shutdown lets it go.
    await pipeline.stop();
    expect(built).toBe(1);
  });
});

describe('restartable inputs', () => {
  it('runs a failed input again: Restarting (attempt i/max)', async () => {
    const { pipeline, log } = start(`
[in]
type = "FailingInput"
failures = 2
[in.retries]
delay = "5ms"
max_jitter = "1ms"
max_retries = 3

[out]
type = "FlakyOutput"
message_matcher = "Type == 'line'"
`);
    expect(await pipeline.shutdownRequested).toBe(0);
    await pipeline.stop();
    expect(events).toEqual(['prepare 1', 'input cleanupForRestart 1', 'input cleanupForRestart 2', '1: after restart', 'cleanUp 1']);
    expect(log.lines).toEqual(expect.arrayContaining([
      "ERROR Input 'in' error: read 1 failed", "Input 'in': Restarting (attempt 1/3)", "Input 'in': Restarting (attempt 2/3)",
    ]));
    expect(pipeline.inputs[0]!.restarts).toBe(2);
  });

  it('does not restart on a HekaError (a user mistake): hekad shuts down with status 1', async () => {
    const { pipeline, log } = start(`
[in]
type = "FailingInput"
user_mistake = true
[in.retries]
delay = "5ms"
`);
    expect(await pipeline.shutdownRequested).toBe(1);
    await pipeline.stop();
    expect(runs).toBe(1);
    expect(log.lines).toEqual(expect.arrayContaining(["ERROR Input 'in' error: journal is corrupt", "ERROR Input 'in': has stopped, shutting down."]));
  });

  it('gives up after max_retries', async () => {
    const { pipeline, log } = start(`
[in]
type = "FailingInput"
failures = 5
[in.retries]
delay = "5ms"
max_jitter = "1ms"
max_retries = 1
`);
    expect(await pipeline.shutdownRequested).toBe(1);
    await pipeline.stop();
    expect(runs).toBe(2);
    expect(log.lines).toContain("ERROR Input 'in' error: Max retries exceeded");
  });
});
