// The runtime in-process: a scripted input, the real TokenSplitter, and a capturing output.
import { Registry, definePlugin, f, type Message } from '@heka/core';
import { NullSplitter } from '../plugins/splitters/null-splitter.js';
import { TokenSplitter } from '../plugins/splitters/token-splitter.js';
import { HekaFramingSplitter } from '../plugins/splitters/heka-framing-splitter.js';
import { PluginExitError, type Deferred, type Delivery, type Input, type InputContext, type Output } from './contracts.js';
import type { Pack } from './pack.js';
import { chunkInput, pipelineFor as pipelineForTests } from './pipeline-for-tests.js';

const delivered: number[] = [];
/** Pushes `chunks` through one stream, then ends (like stdin at EOF). */
const ScriptInput = chunkInput('ScriptInput', 'script', delivered);
const received: string[] = [];
let deferredDone: Deferred[] = [];

/** Captures payloads; with `batch` it finishes messages only when told (like a batching output). */
const CaptureOutput = definePlugin({
  type: 'CaptureOutput', family: 'output', summary: 'Test output.',
  config: { batch: f.bool({ default: false, doc: 'Defer deliveries.' }) },
  create: (config) => ({
    processMessage(pack: Pack, delivery: Delivery): void {
      received.push(pack.message.payload);
      if (config.batch) deferredDone.push(delivery.defer());
    },
  } satisfies Output),
});

/** An input whose run fails at once. */
const BrokenInput = definePlugin({
  type: 'BrokenInput', family: 'input', summary: 'Test input that fails.',
  config: {},
  create: () => ({ run: async (): Promise<void> => { throw new Error('disk on fire'); } } satisfies Input),
});

/** An output that stops itself on its first message. */
const QuittingOutput = definePlugin({
  type: 'QuittingOutput', family: 'output', summary: 'Test output that exits.',
  config: {},
  create: () => ({ processMessage: (): void => { throw new PluginExitError('enough'); } } satisfies Output),
});

const order: string[] = [];

/** Delivers one line, then tails until shutdown; its checkpoint is saved slowly after the final flush. */
const CheckpointingInput = definePlugin({
  type: 'CheckpointingInput', family: 'input', summary: 'Test input with a checkpoint.',
  common: { splitter: 'TokenSplitter' },
  config: {},
  create: () => {
    let last = -1;
    return {
      async run(context: InputContext, signal: AbortSignal): Promise<void> {
        const stream = context.openStream({ onDelivered: (offset) => { last = offset; } });
        await stream.push(Buffer.from('only\n'));
        if (!signal.aborted) await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
        await stream.stop();
      },
      async checkpointed(): Promise<void> {
        order.push(`checkpoint asked, delivered to ${last}`);
        await new Promise((r) => setTimeout(r, 50));
        order.push('checkpoint saved');
      },
    } satisfies Input;
  },
});

/** Holds every message until cleanUp (a batching output's final flush). */
const FlushingOutput = definePlugin({
  type: 'FlushingOutput', family: 'output', summary: 'Test output that flushes at the end.',
  config: {},
  create: () => {
    const held: Deferred[] = [];
    return {
      processMessage: (_pack: Pack, delivery: Delivery): void => void held.push(delivery.defer()),
      cleanUp: (): void => {
        order.push('output flushed');
        for (const delivery of held.splice(0)) delivery.release();
      },
    } satisfies Output;
  },
});

/** Notes each pack and message it gets; holds the first one's delivery until told. */
const seen: { pack: Pack; message: Message; payload: string; uuid: string; type: string; logger: string; timestamp: bigint }[] = [];
let heldFirst: Deferred | undefined;
const SeeingOutput = definePlugin({
  type: 'SeeingOutput', family: 'output', summary: 'Test output that notes identities.',
  config: {},
  create: () => ({
    processMessage(pack: Pack, delivery: Delivery): void {
      const m = pack.message;
      seen.push({ pack, message: m, payload: m.payload, uuid: m.uuidString, type: m.type, logger: m.logger, timestamp: m.timestamp });
      if (seen.length === 1) heldFirst = delivery.defer();
    },
  } satisfies Output),
});

const registry = new Registry([
  ScriptInput, CaptureOutput, SeeingOutput, BrokenInput, QuittingOutput, CheckpointingInput, FlushingOutput, TokenSplitter, NullSplitter, HekaFramingSplitter,
]);

const pipelineFor = (toml: string) => pipelineForTests(registry, toml);

beforeEach(() => {
  delivered.length = 0;
  received.length = 0;
  deferredDone = [];
});

describe('Pipeline', () => {
  it('splits, decorates and routes records, and asks to shut down with 0 when its inputs are done', async () => {
    const { pipeline, log } = pipelineFor(`
[in]
type = "ScriptInput"
chunks = ["one\\ntw", "o\\nthree\\n"]

[out]
type = "CaptureOutput"
message_matcher = "Type == 'script'"
`);
    pipeline.start();
    expect(await pipeline.shutdownRequested).toBe(0);
    await pipeline.stop();
    expect(received).toEqual(['one\n', 'two\n', 'three\n']);
    expect(delivered).toEqual([4, 8, 14]);
    expect(log.lines).toEqual([
      'Output started: out', 'MessageRouter started.', 'Input started: in',
      "Stop message sent to input 'in'", "Stop message sent to output 'out'", 'Shutdown complete.',
    ]);
  });

  it('moves the delivered offset only when a deferring output finishes, in order', async () => {
    const { pipeline } = pipelineFor(`
[in]
type = "ScriptInput"
chunks = ["a\\nb\\nc\\n"]

[out]
type = "CaptureOutput"
message_matcher = "TRUE"
batch = true
`);
    pipeline.start();
    await pipeline.shutdownRequested;
    await new Promise((r) => setTimeout(r, 10));
    expect(received).toEqual(['a\n', 'b\n', 'c\n']);
    expect(delivered).toEqual([]);
    deferredDone[1]!.release();
    expect(delivered).toEqual([]);
    deferredDone[0]!.release();
    expect(delivered).toEqual([4]);
    deferredDone[2]!.release();
    expect(delivered).toEqual([4, 6]);
    await pipeline.stop();
  });

  it('reuses the pack and message of a delivered record for a later one, never one still held', async () => {
    seen.length = 0;
    const { pipeline } = pipelineFor(`
[in]
type = "ScriptInput"
chunks = ["a\\nb\\n", "c\\nd\\n"]
pause = 20

[out]
type = "SeeingOutput"
message_matcher = "TRUE"
`);
    pipeline.start();
    await pipeline.shutdownRequested;
    expect(seen.map((s) => s.payload)).toEqual(['a\n', 'b\n', 'c\n', 'd\n']);
    // b was released at once, so c or d came in b's pack and message; a is still held: never reused.
    const same = (i: number, j: number): boolean => seen[i]!.pack === seen[j]!.pack && seen[i]!.message === seen[j]!.message;
    expect([same(2, 1) || same(3, 1), same(1, 0) || same(2, 0) || same(3, 0)]).toEqual([true, false]);
    // Each record still gets a message of its own: fresh uuid, decorated as a new one.
    expect(new Set(seen.map((s) => s.uuid)).size).toBe(4);
    expect(seen.map((s) => `${s.type}/${s.logger}`)).toEqual(Array(4).fill('script/in'));
    // Stamped when their bytes arrived: the lines of one read share it, the next read is later.
    const [a, b, c, d] = seen.map((s) => s.timestamp);
    expect([a === b, c === d, c! - b! >= 15_000_000n]).toEqual([true, true, true]);
    expect(delivered).toEqual([]);
    heldFirst!.release();
    expect(delivered).toEqual([8]);
    await pipeline.stop();
  });

  it('holds the input back while the output queue is full, losing nothing', async () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}\n`);
    const { pipeline } = pipelineFor(`
[hekad]
plugin_chansize = 2

[in]
type = "ScriptInput"
chunks = ${JSON.stringify([lines.join('')])}

[out]
type = "CaptureOutput"
message_matcher = "TRUE"
`);
    pipeline.start();
    await pipeline.shutdownRequested;
    await pipeline.stop();
    expect(received).toEqual(lines);
    expect(delivered.at(-1)).toBe(lines.join('').length);
  });

  it('shuts down with status 1 when a plugin without can_exit stops', async () => {
    const { pipeline, log } = pipelineFor(`
[broken]
type = "BrokenInput"

[out]
type = "CaptureOutput"
message_matcher = "TRUE"
`);
    pipeline.start();
    expect(await pipeline.shutdownRequested).toBe(1);
    await pipeline.stop();
    expect(log.lines).toContain("ERROR Input 'broken' error: disk on fire");
    expect(log.lines).toContain("ERROR Input 'broken': has stopped, shutting down.");
  });

  it('lets a can_exit plugin end alone and says so with a heka.terminated message', async () => {
    const { pipeline, log } = pipelineFor(`
[broken]
type = "BrokenInput"
can_exit = true

[quitter]
type = "QuittingOutput"
message_matcher = "Type == 'script'"
can_exit = true

[in]
type = "ScriptInput"
chunks = ["x\\n"]

[out]
type = "CaptureOutput"
message_matcher = "Type == 'heka.terminated'"
`);
    pipeline.start();
    expect(await pipeline.shutdownRequested).toBe(0);
    await new Promise((r) => setTimeout(r, 20));
    await pipeline.stop();
    expect(log.lines).toContain("Input 'broken': has stopped, exiting plugin without shutting down.");
    expect(log.lines).toContain("Plugin 'quitter': has stopped, exiting plugin without shutting down.");
    expect(received.sort()).toEqual([
      'broken (type BrokenInput) terminated. Error: disk on fire',
      'quitter (type QuittingOutput) terminated. Error: enough',
    ]);
  });

  it('at shutdown waits for the inputs\' checkpoints of what the outputs\' final flushes delivered', async () => {
    order.length = 0;
    const { pipeline, log } = pipelineFor(`
[in]
type = "CheckpointingInput"

[out]
type = "FlushingOutput"
message_matcher = "TRUE"
`);
    pipeline.start();
    await new Promise((r) => setTimeout(r, 20));
    await pipeline.stop();
    order.push('stopped');
    expect(order).toEqual(['output flushed', 'checkpoint asked, delivered to 5', 'checkpoint saved', 'stopped']);
    expect(log.lines.at(-1)).toBe('Shutdown complete.');
  });
});
