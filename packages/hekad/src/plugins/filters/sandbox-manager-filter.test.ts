// SandboxManagerFilter in a real in-process Pipeline: control messages go to the router as an
// input would hand them over (with the signer its splitter verified); what filters inject is
// captured by a test output.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Message, Registry, definePlugin, nowNs, validateConfigText } from '@heka/core';
import type { Output } from '../../pipeline/contracts.js';
import { memoryLog } from '../../pipeline/log.js';
import { Pack } from '../../pipeline/pack.js';
import { Pipeline } from '../../pipeline/pipeline.js';
import { collectReport } from '../../pipeline/report.js';
import { checkMatcher } from '../../matcher-check.js';
import { plugins } from '../index.js';

let dir: string;
let captured: Message[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'sbxmgr-'));
  captured = [];
});
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const CaptureOutput = definePlugin({
  type: 'CaptureOutput', family: 'output', summary: 'Test output.', config: {},
  create: () => ({ processMessage: (pack: Pack): void => void captured.push(pack.message) } satisfies Output),
});
const registry = new Registry([...plugins, CaptureOutput]);

/** Counts the messages of Type 'in' and says so with every one (no timer to wait for). */
const COUNTER = `
require "string"
n = 0
function process_message()
  n = n + 1
  inject_payload("txt", "count", string.format("seen %d", n))
  return 0
end
`;
const counterConfig = (name = 'Count', extra = '') => `[${name}]\ntype = "SandboxFilter"\nmessage_matcher = "Type == 'in'"\npreserve_data = true\n${extra}`;

function startPipeline(manager = 'max_filters = 2') {
  const toml = `
[hekad]
base_dir = "${join(dir, 'base')}"
share_dir = "${dir}"
hostname = "box"

[Mgr]
type = "SandboxManagerFilter"
message_signer = "ops"
${manager}

[capture]
type = "CaptureOutput"
message_matcher = "Type == 'heka.sandbox-output' || Type == 'heka.sandbox-terminated' || Type == 'heka.terminated'"
`;
  const config = validateConfigText(toml, registry, { env: {}, checkMatcher });
  if (!config.ok) throw new Error(config.errors.join('\n'));
  const log = memoryLog();
  const pipeline = new Pipeline(config, log);
  pipeline.start();
  return { pipeline, log };
}

function control(fields: Field[], payload = '', timestamp = nowNs()): Message {
  return Message.create({ type: 'heka.control.sandbox', logger: 'hekad', timestamp, payload, fields });
}
const load = (config: string, script = COUNTER, timestamp?: bigint) =>
  control([Field.of('config', config, 'toml'), Field.of('action', 'load')], script, timestamp);
const unload = (name: string) => control([Field.of('name', name), Field.of('action', 'unload')]);

function send(pipeline: Pipeline, message: Message, signer = 'ops'): void {
  const pack = new Pack(message);
  pack.signer = signer;
  void pipeline.router.route(pack);
}

/** Waits (bounded) until `test` holds. */
async function until(test: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const payloads = (type: string) => captured.filter((m) => m.type === type).map((m) => m.payload);
const workdir = () => join(dir, 'base', 'sbxmgrs');
const reportOf = (pipeline: Pipeline, name: string) =>
  Object.fromEntries(collectReport(pipeline).filters.find((e) => e.name === name)?.fields.map((f) => [f.name, f.value]) ?? []);

describe('SandboxManagerFilter', () => {
  it('loads a signed filter, runs it, reports it, and unloads it, deleting its files but not its data', async () => {
    const { pipeline, log } = startPipeline();
    send(pipeline, load(counterConfig()));
    await until(() => pipeline.hasFilter('Mgr-Count'), 'the filter to load');
    expect(log.lines).toContain("Plugin 'Mgr': Loading: Mgr-Count");
    expect(statSync(workdir()).mode & 0o777).toBe(0o700);
    for (const file of ['Mgr-Count.toml', 'Mgr-Count.lua']) expect(statSync(join(workdir(), file)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(workdir(), 'Mgr-Count.lua'), 'utf8')).toBe(COUNTER);
    expect(readFileSync(join(workdir(), 'Mgr-Count.toml'), 'utf8')).toBe(counterConfig());

    for (let i = 0; i < 3; i++) send(pipeline, Message.create({ type: 'in' }));
    await until(() => payloads('heka.sandbox-output').length === 3, 'three outputs');
    expect(payloads('heka.sandbox-output')).toEqual(['seen 1', 'seen 2', 'seen 3']);
    expect(captured[0]).toMatchObject({ logger: 'Mgr-Count' });
    expect(reportOf(pipeline, 'Mgr')).toMatchObject({ RunningFilters: 1, ProcessMessageCount: 1 });

    send(pipeline, unload('Count'));
    await until(() => payloads('heka.terminated').length === 1, 'the unload');
    expect(payloads('heka.terminated')).toEqual(['Mgr-Count (type SandboxFilter) terminated. Error: Filter unloaded.']);
    expect(readdirSync(workdir())).toEqual([]);
    expect(existsSync(join(dir, 'base', 'sandbox_preservation', 'Mgr_Count.data'))).toBe(true);
    expect(pipeline.hasFilter('Mgr-Count')).toBe(false);
    expect(reportOf(pipeline, 'Mgr')).toMatchObject({ RunningFilters: 0, ProcessMessageCount: 2 });
    send(pipeline, Message.create({ type: 'in' }));
    // Unloading a name that does not run is a no-op.
    send(pipeline, unload('Count'));
    await pipeline.stop();
    expect(payloads('heka.sandbox-output')).toHaveLength(3);
  });

  it('takes control messages only from its message_signer', async () => {
    const { pipeline, log } = startPipeline();
    send(pipeline, load(counterConfig('Unsigned')), '');
    send(pipeline, load(counterConfig('Other')), 'intruder');
    send(pipeline, load(counterConfig('Signed')));
    await until(() => pipeline.hasFilter('Mgr-Signed'), 'the signed load');
    await pipeline.stop();
    expect(log.lines.filter((l) => l.includes('Loading'))).toEqual(["Plugin 'Mgr': Loading: Mgr-Signed"]);
  });

  it('discards a control message 5 s or more away from the clock, with Heka\'s words', async () => {
    const { pipeline, log } = startPipeline();
    send(pipeline, load(counterConfig('Old'), COUNTER, nowNs() - 10_000_000_000n));
    send(pipeline, load(counterConfig('Future'), COUNTER, nowNs() + 5_900_000_000n));
    send(pipeline, load(counterConfig('Recent'), COUNTER, nowNs() - 2_000_000_000n));
    await until(() => pipeline.hasFilter('Mgr-Recent'), 'the recent load');
    await pipeline.stop();
    expect(log.lines).toContain("ERROR Plugin 'Mgr' error: Discarded control message: 10 seconds skew");
    expect(log.lines).toContain("ERROR Plugin 'Mgr' error: Discarded control message: -5 seconds skew");
    expect(log.lines.filter((l) => l.includes('Loading'))).toEqual(["Plugin 'Mgr': Loading: Mgr-Recent"]);
  });

  it('loads no more than max_filters; with the default 0 none at all', async () => {
    const { pipeline, log } = startPipeline();
    for (const name of ['A', 'B', 'C']) send(pipeline, load(counterConfig(name)));
    await until(() => log.lines.some((l) => l.includes('attempted to load')), 'the refusal');
    expect(log.lines).toContain("ERROR Plugin 'Mgr' error: Mgr attempted to load more than 2 filters");
    expect(pipeline.hasFilter('Mgr-A') && pipeline.hasFilter('Mgr-B') && !pipeline.hasFilter('Mgr-C')).toBe(true);
    await pipeline.stop();

    const none = startPipeline('');
    send(none.pipeline, load(counterConfig('A')));
    await until(() => none.log.lines.some((l) => l.includes('attempted to load')), 'the refusal');
    expect(none.log.lines).toContain("ERROR Plugin 'Mgr' error: Mgr attempted to load more than 0 filters");
    await none.pipeline.stop();
  });

  it.each([
    ['a type other than SandboxFilter', counterConfig('X').replace('SandboxFilter', 'SandboxInput'), COUNTER, 'Plugin must be a SandboxFilter, received SandboxInput'],
    ['an unknown option', counterConfig('X', 'filname = "x.lua"'), COUNTER, "Can't load config for 'Mgr-X': [Mgr-X].filname: unknown config setting for 'Mgr-X': filname"],
    ['a script that does not compile', counterConfig('X'), 'function process_message(', "Initialization failed for 'Mgr-X': Init() "],
    ['broken TOML', '[X\n', COUNTER, 'loadSandbox failed: Mgr control message:1'],
  ])('refuses %s with a heka.sandbox-terminated message and leaves no files', async (_what, config, script, error) => {
    const { pipeline, log } = startPipeline();
    send(pipeline, load(config, script));
    await until(() => captured.length === 1, 'the termination message');
    const [message] = captured;
    expect(message).toMatchObject({ type: 'heka.sandbox-terminated', logger: 'hekad', hostname: 'box' });
    expect(message!.payload.startsWith(error)).toBe(true);
    expect(message!.fields.map((f) => [f.name, f.values[0]])).toEqual([['plugin', 'Mgr']]);
    expect(log.lines).toContain(`ERROR Plugin 'Mgr' error: ${message!.payload}`);
    expect(readdirSync(workdir())).toEqual([]);
    expect(reportOf(pipeline, 'Mgr')).toMatchObject({ RunningFilters: 0 });
    // The manager carries on.
    send(pipeline, load(counterConfig('Good')));
    await until(() => pipeline.hasFilter('Mgr-Good'), 'the next load');
    await pipeline.stop();
  });

  it('refuses a second filter of the same name', async () => {
    const { pipeline } = startPipeline();
    send(pipeline, load(counterConfig()));
    send(pipeline, load(counterConfig()));
    await until(() => captured.length === 1, 'the refusal');
    expect(captured[0]!.payload).toBe('loadSandbox failed: Mgr-Count is already running');
    // Files of the running filter stay.
    expect(readdirSync(workdir()).sort()).toEqual(['Mgr-Count.lua', 'Mgr-Count.toml']);
    await pipeline.stop();
  });

  it('forces its own limits on the filters it loads', async () => {
    const { pipeline } = startPipeline('max_filters = 1\ninstruction_limit = 1000');
    send(pipeline, load(counterConfig('Loop', 'instruction_limit = 0'), 'function process_message() for i = 1, 100000 do end return 0 end'));
    await until(() => pipeline.hasFilter('Mgr-Loop'), 'the load');
    send(pipeline, Message.create({ type: 'in' }));
    await until(() => payloads('heka.sandbox-terminated').length === 1, 'the termination');
    expect(payloads('heka.sandbox-terminated')).toEqual(['process_message() instruction_limit exceeded']);
    // A managed filter that ends frees its place; hekad does not stop.
    await until(() => reportOf(pipeline, 'Mgr')['RunningFilters'] === 0, 'the count to drop');
    send(pipeline, load(counterConfig('Next')));
    await until(() => pipeline.hasFilter('Mgr-Next'), 'a load in the freed place');
    await pipeline.stop();
  });

  it('loads its filters again after a restart, with their preserved data', async () => {
    const first = startPipeline();
    send(first.pipeline, load(counterConfig()));
    await until(() => first.pipeline.hasFilter('Mgr-Count'), 'the load');
    send(first.pipeline, Message.create({ type: 'in' }));
    send(first.pipeline, Message.create({ type: 'in' }));
    await until(() => payloads('heka.sandbox-output').length === 2, 'two outputs');
    await first.pipeline.stop();
    // A broken leftover is logged and deleted, the rest loads.
    writeFileSync(join(workdir(), 'Mgr-Broken.toml'), '[Broken]\ntype = "SandboxFilter"\nmessage_matcher = "TRUE"\n');

    const second = startPipeline();
    await until(() => second.pipeline.hasFilter('Mgr-Count'), 'the reload');
    send(second.pipeline, Message.create({ type: 'in' }));
    await until(() => payloads('heka.sandbox-output').length === 3, 'the third output');
    expect(payloads('heka.sandbox-output')).toEqual(['seen 1', 'seen 2', 'seen 3']);
    expect(second.log.lines).toContain("Plugin 'Mgr': Loading: Mgr-Count");
    expect(second.log.lines.find((l) => l.includes('restoreSandboxes failed: Mgr-Broken: Initialization failed'))).toBeDefined();
    expect(readdirSync(workdir()).sort()).toEqual(['Mgr-Count.lua', 'Mgr-Count.toml']);
    expect(reportOf(second.pipeline, 'Mgr')).toMatchObject({ RunningFilters: 1 });
    await second.pipeline.stop();
  });

  it('keeps the files of a filter whose reload a shutdown interrupted', async () => {
    const first = startPipeline();
    send(first.pipeline, load(counterConfig()));
    await until(() => first.pipeline.hasFilter('Mgr-Count'), 'the load');
    await first.pipeline.stop();
    const second = startPipeline();
    await second.pipeline.stop();
    expect(readdirSync(workdir()).sort()).toEqual(['Mgr-Count.lua', 'Mgr-Count.toml']);
  });

  it('ignores other actions and messages without a usable config', async () => {
    const { pipeline, log } = startPipeline();
    send(pipeline, control([Field.of('action', 'reload')]));
    send(pipeline, control([Field.of('action', 'load')]));
    await until(() => captured.length === 1, 'the refusal');
    expect(captured[0]!.payload).toBe('loadSandbox failed: the control message has no string field "config" with the filter\'s TOML');
    await pipeline.stop();
    expect(log.lines.filter((l) => l.includes('Loading'))).toEqual([]);
  });
});
