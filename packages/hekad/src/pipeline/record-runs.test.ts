// Records of one read without a decoder go to consumers that take runs as one item
// (record-run.ts); whatever way they travel, every consumer sees the same messages in the same
// order, the statistics count messages, and the input's checkpoint passes a record only once
// every consumer is done with it.
import { Registry, definePlugin, f } from '@heka/core';
import { TokenSplitter } from '../plugins/splitters/token-splitter.js';
import { PluginExitError, type Deferred, type Delivery, type Output } from './contracts.js';
import type { Pack } from './pack.js';
import { chunkInput, pipelineFor } from './pipeline-for-tests.js';
import { collectReport } from './report.js';

const delivered: number[] = [];
let held: Deferred[] = [];
const seen = new Map<string, { payload: string; type: string; uuid: string; pack: Pack }[]>();

const ChunkInput = chunkInput('ChunkInput', 'line', delivered);

/** Notes what it gets; `runs`: takes runs; `hold`: defers deliveries until the test releases them; `exit_at`: stops there. */
const NotingOutput = definePlugin({
  type: 'NotingOutput', family: 'output', summary: 'Test output.',
  config: {
    runs: f.bool({ default: true, doc: 'Takes runs of records.' }),
    hold: f.bool({ default: false, doc: 'Defer deliveries until released.' }),
    read_uuid: f.bool({ default: false, doc: 'Reads each message uuid.' }),
    exit_at: f.string({ default: '', doc: 'Throws PluginExitError at this payload.' }),
  },
  create: (config, _common, context) => {
    const notes: { payload: string; type: string; uuid: string; pack: Pack }[] = [];
    seen.set(context.name, notes);
    return {
      ...(config.runs ? { takesRuns: () => true } : {}),
      processMessage(pack: Pack, delivery: Delivery): void {
        const m = pack.message;
        if (config.exit_at !== '' && m.payload === config.exit_at) throw new PluginExitError(`stopped at ${m.payload.trim()}`);
        notes.push({ payload: m.payload, type: m.type, uuid: config.read_uuid ? m.uuidString : '', pack });
        if (config.hold) held.push(delivery.defer());
      },
    } satisfies Output;
  },
});

const registry = new Registry([ChunkInput, NotingOutput, TokenSplitter]);

// The first chunk is "go\n" and the others follow 20 ms apart: by then the outputs wait for
// messages, as they must to take a run at once.
function config(chunks: string[], outputs: string, hekad = ''): string {
  return `${hekad}
[in]
type = "ChunkInput"
chunks = ${JSON.stringify(['go\n', ...chunks])}
pause = 20
${outputs}`;
}

const GO = 'go\n'.length;

async function runToEnd(toml: string) {
  const { pipeline, log } = pipelineFor(registry, toml);
  pipeline.start();
  await pipeline.shutdownRequested;
  await pipeline.stop();
  return { report: collectReport(pipeline), log };
}

const payloads = (name: string): string[] => seen.get(name)!.map((n) => n.payload).slice(1);
const packs = (name: string): Set<Pack> => new Set(seen.get(name)!.slice(1).map((n) => n.pack));

function field(report: ReturnType<typeof collectReport>, category: 'inputs' | 'outputs', name: string, fieldName: string): unknown {
  return report[category].find((e) => e.name === name)?.fields.find((x) => x.name === fieldName)?.value;
}

beforeEach(() => {
  delivered.length = 0;
  held = [];
  seen.clear();
});

describe('runs of records', () => {
  const chunks = ['a\nb\nc\n', 'd\ne', 'f\ng\n'];
  const lines = ['a\n', 'b\n', 'c\n', 'd\n', 'ef\n', 'g\n'];

  it('carry every record of a read in one pack, with its own payload, the read\'s headers and its own uuid', async () => {
    const { report } = await runToEnd(config(chunks, '[out]\ntype = "NotingOutput"\nmessage_matcher = "Type == \'line\'"\nread_uuid = true'));
    const notes = seen.get('out')!.slice(1);
    expect(payloads('out')).toEqual(lines);
    expect(notes.every((n) => n.type === 'line')).toBe(true);
    expect(new Set(notes.map((n) => n.uuid)).size).toBe(lines.length);
    // a read's records came in one pack, used again for the next read
    expect(packs('out').size).toBe(1);
    expect(delivered.at(-1)).toBe(GO + chunks.join('').length);
    expect(field(report, 'inputs', 'in', 'ProcessMessageCount')).toBe(7);
    expect(field(report, 'outputs', 'out', 'ProcessMessageCount')).toBe(7);
    expect(report.globals[0]!.fields[0]!.value).toBe(7);
  });

  it('are routed record by record, to the same effect, when a matcher reads the payload or a consumer does not take runs', async () => {
    await runToEnd(config(chunks, `
[by_payload]
type = "NotingOutput"
message_matcher = "Payload !~ /^c/"
[no_runs]
type = "NotingOutput"
message_matcher = "TRUE"
runs = false
[runs]
type = "NotingOutput"
message_matcher = "TRUE"`));
    expect(payloads('by_payload')).toEqual(lines.filter((l) => l !== 'c\n'));
    expect(payloads('no_runs')).toEqual(lines);
    expect(payloads('runs')).toEqual(lines);
    expect(delivered.at(-1)).toBe(GO + chunks.join('').length);
  });

  it('skip consumers whose matcher refuses the headers, and count the messages they inspected', async () => {
    const { report } = await runToEnd(config(chunks, `
[yes]
type = "NotingOutput"
message_matcher = "Type == 'line'"
[no]
type = "NotingOutput"
message_matcher = "Type == 'other'"`));
    expect(payloads('yes')).toEqual(lines);
    expect(packs('yes').size).toBe(1);
    expect(seen.get('no')).toEqual([]);
    expect(field(report, 'outputs', 'no', 'ProcessMessageCount')).toBe(0);
    expect(field(report, 'outputs', 'no', 'MatchAvgDuration')).toEqual(expect.any(Number));
  });

  it('move the checkpoint only past records whose deferred deliveries were all released', async () => {
    const { pipeline } = pipelineFor(registry, config(['a\nb\n', 'c\n'], '[out]\ntype = "NotingOutput"\nmessage_matcher = "TRUE"\nhold = true'));
    pipeline.start();
    for (let i = 0; i < 200 && held.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    expect(held).toHaveLength(4);
    held[0]!.release();
    expect(delivered).toEqual([GO]);
    held[3]!.release();
    held[2]!.release();
    expect(delivered).toEqual([GO]);
    held[1]!.release();
    expect(delivered).toEqual([GO, GO + 6]);
    await pipeline.shutdownRequested;
    await pipeline.stop();
  });

  it('a consumer that stops in the middle of a run loses the rest, said in the log, and the checkpoint stays before the run', async () => {
    const { log } = await runToEnd(config(['a\nb\nc\nd\n'], '[out]\ntype = "NotingOutput"\nmessage_matcher = "TRUE"\nexit_at = "b\\n"'));
    expect(payloads('out')).toEqual(['a\n']);
    expect(log.lines.filter((l) => l.includes('stopped at b') || l.includes('Lost/Dropped'))).toEqual([
      "ERROR Plugin 'out' error: stopped at b",
      "ERROR Plugin 'out' error: Lost/Dropped 2 messages (not checkpointed: the next run reads them again)",
    ]);
    expect(delivered).toEqual([GO]);
  });

  it('a large read is cut into runs of at most 4096 records, and an output that queues loses nothing', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `line ${i}\n`);
    await runToEnd(config([many.join('')], `
[out]
type = "NotingOutput"
message_matcher = "TRUE"
[slow]
type = "NotingOutput"
message_matcher = "TRUE"
runs = false`, '[hekad]\nplugin_chansize = 2'));
    expect(payloads('out')).toEqual(many);
    expect(payloads('slow')).toEqual(many);
    expect(delivered.at(-1)).toBe(GO + many.join('').length);
  });
});
