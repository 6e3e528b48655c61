// A stream whose decoder takes batches (Decoder.decodeBatch, as a decoder in a worker thread
// does): records go over a read at a time, answers come later, and what is routed is what
// decode() one record at a time would give, in order, with failures handled per record.
import { Registry, definePlugin, f, type Message } from '@heka/core';
import { TokenSplitter } from '../plugins/splitters/token-splitter.js';
import type { DecodedBatch, Decoder, Delivery, Deferred, Output } from './contracts.js';
import { Pack } from './pack.js';
import { chunkInput, pipelineFor as pipelineForTests } from './pipeline-for-tests.js';

const delivered: number[] = [];
const received: { payload: string; type: string; failed: boolean; pack: Pack; message: Message }[] = [];
const batchSizes: number[] = [];
let held: Deferred[] = [];

const ChunkInput = chunkInput('ChunkInput', 'line', delivered);

/**
 * Answers each batch after a timer: "fail…" fails, "drop…" becomes nothing, "two…" two
 * messages, anything else one (its type set, in the record's own pack).
 */
class LaterBatchDecoder implements Decoder {
  readonly pipelined = true;

  decode(): Pack[] {
    throw new Error('decode() is not used when decodeBatch is there');
  }

  decodeBatch(packs: Pack[]): Promise<DecodedBatch> {
    batchSizes.push(packs.length);
    const counts = new Int32Array(packs.length);
    const out: Pack[] = [];
    const errors: Error[] = [];
    packs.forEach((pack, i) => {
      const text = pack.message.payload;
      if (text.startsWith('fail')) {
        counts[i] = -1;
        errors.push(new Error(`cannot read ${text.trim()}`));
      } else if (text.startsWith('drop')) counts[i] = 0;
      else {
        pack.message.type = 'decoded';
        out.push(pack);
        counts[i] = 1;
        if (text.startsWith('two')) {
          out.push(new Pack(pack.message));
          counts[i] = 2;
        }
      }
    });
    return new Promise((resolve) => setTimeout(() => resolve({ counts, packs: out, errors }), 1));
  }
}

const LaterDecoder = definePlugin({
  type: 'LaterDecoder', family: 'decoder', summary: 'Test batch decoder.',
  config: {},
  create: () => new LaterBatchDecoder(),
});

const NotingOutput = definePlugin({
  type: 'NotingOutput', family: 'output', summary: 'Test output.',
  config: { hold: f.bool({ default: false, doc: 'Defer deliveries until released.' }) },
  create: (config) => ({
    processMessage(pack: Pack, delivery: Delivery): void {
      const m = pack.message;
      const failed = m.fields.some((x) => x.name === 'decode_failure');
      received.push({ payload: m.payload, type: m.type, failed, pack, message: m });
      if (config.hold) held.push(delivery.defer());
    },
  } satisfies Output),
});

const registry = new Registry([ChunkInput, LaterDecoder, NotingOutput, TokenSplitter]);

/** The input with `chunks` through the batch decoder to the noting output. */
function pipelineFor(chunks: string[], options: { pause?: number; hold?: boolean; hekad?: string; input?: string } = {}) {
  return pipelineForTests(registry, `
${options.hekad ?? ''}
[in]
type = "ChunkInput"
chunks = ${JSON.stringify(chunks)}
pause = ${options.pause ?? 0}
decoder = "dec"
${options.input ?? ''}

[dec]
type = "LaterDecoder"

[out]
type = "NotingOutput"
message_matcher = "TRUE"
hold = ${options.hold ?? false}
`);
}

beforeEach(() => {
  delivered.length = 0;
  received.length = 0;
  batchSizes.length = 0;
  held = [];
});

describe('a decoder that takes batches', () => {
  it('gets each read as a batch and its answers are routed in order: one, two, none, or a failure', async () => {
    const chunks = ['one\ntwo\ndrop\n', 'fail 1\nthree\n', 'four\n'];
    const { pipeline, log } = pipelineFor(chunks, { input: 'send_decode_failures = true\nlog_decode_failures = true' });
    pipeline.start();
    await pipeline.shutdownRequested;
    await pipeline.stop();
    expect(batchSizes).toEqual([3, 2, 1]);
    expect(received.map((r) => `${r.payload.trim()}:${r.type}${r.failed ? ':failed' : ''}`)).toEqual([
      'one:decoded', 'two:decoded', 'two:decoded', 'fail 1:line:failed', 'three:decoded', 'four:decoded',
    ]);
    expect(log.lines.filter((l) => l.includes('cannot read'))).toEqual(["ERROR Input 'in' error: decoding: cannot read fail 1"]);
    expect(delivered.at(-1)).toBe(chunks.join('').length);
  });

  it('a large read goes in batches of at most 1024 records; the output queue holding the input back loses nothing', async () => {
    const lines = Array.from({ length: 5000 }, (_, i) => (i % 7 === 3 ? `fail ${i}\n` : `line ${i}\n`));
    const { pipeline } = pipelineFor([lines.slice(0, 3000).join(''), lines.slice(3000).join('')], { hekad: '[hekad]\nplugin_chansize = 2' });
    pipeline.start();
    await pipeline.shutdownRequested;
    await pipeline.stop();
    expect(batchSizes).toEqual([1024, 1024, 952, 1024, 976]);
    expect(received.map((r) => r.payload)).toEqual(lines.filter((l) => !l.startsWith('fail')));
    expect(delivered.at(-1)).toBe(lines.join('').length);
  });

  it('records an output still holds keep their packs: later records get others', async () => {
    const { pipeline } = pipelineFor(['a\nb\n', 'c\nd\n'], { hold: true });
    pipeline.start();
    // a and b are held: c and d get packs of their own
    for (let i = 0; i < 200 && received.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    expect(new Set(received.map((r) => r.pack)).size).toBe(4);
    for (const d of held.splice(0)) d.release();
    await pipeline.shutdownRequested;
    await pipeline.stop();
    expect(received.map((r) => r.payload)).toEqual(['a\n', 'b\n', 'c\n', 'd\n']);
  });
});

describe('pack reuse with a batch decoder', () => {
  it('a record read after earlier ones were delivered comes in one of their packs, renewed', async () => {
    const chunks = ['a\nb\n'];
    for (let i = 0; i < 3; i++) chunks.push(`x${i}\n`);
    const { pipeline } = pipelineFor(chunks, { pause: 20 });
    pipeline.start();
    await pipeline.shutdownRequested;
    await pipeline.stop();
    expect(received.map((r) => `${r.payload.trim()}:${r.type}`)).toEqual(['a:decoded', 'b:decoded', 'x0:decoded', 'x1:decoded', 'x2:decoded']);
    // the later records came in packs used before (released at once by the output)
    const first = new Set(received.slice(0, 2).map((r) => r.pack));
    expect(received.slice(2).some((r) => first.has(r.pack))).toBe(true);
    expect(received.every((r) => r.message.fields.length === 0)).toBe(true);
  });
});
