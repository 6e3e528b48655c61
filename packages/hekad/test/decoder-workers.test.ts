// SandboxDecoder in worker threads ([hekad] maxprocs > 1) against the same decoder on the main
// thread: the same messages in the same order, errors reported the same way, a clean stop with
// records in flight, kill -9 losing nothing, preserve_data kept across restarts. Real hekad
// processes from bin/, temp dirs, bounded waits.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameReader, decodeMessage, encodeMessage, type Message } from '@heka/core';
import { fileSize, startBin, type RunningBin } from '@heka/core/testing';

const T = 120_000;
let dir: string;
const running: RunningBin[] = [];
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-workers-')); });
afterEach(() => {
  for (const r of running.splice(0)) r.kill();
  rmSync(dir, { recursive: true, force: true });
});

// One message per line (Payload = the line, so the payload output is the log again), two for
// lines with "twice", a failure (-1) for "bad", a Lua error for "boom".
const DECODER = `
require "string"
count = 0
function process_message()
  local line = read_message("Payload")
  if string.find(line, "boom", 1, true) then error("boom on purpose") end
  if string.find(line, "bad", 1, true) then return -1, "bad line" end
  local n = tonumber(string.match(line, "^line (%d+)"))
  count = count + 1
  inject_message({ Type = "decoded", Timestamp = n * 1000, Payload = line, Fields = { n = n, seen = count } })
  if string.find(line, "twice", 1, true) then
    inject_message({ Type = "decoded.extra", Timestamp = n * 1000, Payload = "", Fields = { n = n } })
  end
  return 0
end
`;

function lineText(i: number, kind = ''): string {
  return `line ${String(i).padStart(7, '0')} ${kind}${'x'.repeat(20 + (i % 17))}\n`;
}

function config(opts: { maxprocs: number; logs: string; name: string; sendFailures?: boolean; decoderExtra?: string }): string {
  const base = join(dir, opts.name);
  mkdirSync(base, { recursive: true });
  writeFileSync(join(dir, 'decoder.lua'), DECODER);
  const path = join(base, 'hekad.toml');
  writeFileSync(path, `
[hekad]
base_dir = "${join(base, 'base')}"
maxprocs = ${opts.maxprocs}

[logs]
type = "LogstreamerInput"
log_directory = "${opts.logs}"
file_match = 'app\\.log'
decoder = "lua"
send_decode_failures = ${opts.sendFailures ?? true}
log_decode_failures = true

[lua]
type = "SandboxDecoder"
filename = "${join(dir, 'decoder.lua')}"
${opts.decoderExtra ?? ''}

[ProtobufEncoder]

[PayloadEncoder]
append_newlines = false

[pb]
type = "FileOutput"
message_matcher = "TRUE"
path = "${join(base, 'out.hpb')}"
encoder = "ProtobufEncoder"
flush_interval = 50
flush_count = 1000
flush_operator = "OR"

[lines]
type = "FileOutput"
message_matcher = "Type == 'decoded'"
path = "${join(base, 'out.log')}"
encoder = "PayloadEncoder"
flush_interval = 50
flush_count = 1000
flush_operator = "OR"
`);
  return path;
}

function hekad(configPath: string): RunningBin {
  const r = startBin('hekad', [`-config=${configPath}`]);
  running.push(r);
  return r;
}

function messages(path: string): Message[] {
  const reader = new FrameReader();
  reader.push(readFileSync(path));
  const out: Message[] = [];
  for (const item of [...reader, ...reader.finish()]) if ('message' in item) out.push(decodeMessage(item.message));
  return out;
}

/**
 * The message's bytes with the uuid (fresh per message by design) zeroed, and the timestamp of
 * an undecoded record (its time of receipt) too.
 */
function withoutUuid(m: Message): string {
  m.uuid = new Uint8Array(16);
  if (m.type === 'logfile') m.timestamp = 0n;
  return Buffer.from(encodeMessage(m)).toString('hex');
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

test('the same message stream (bytes, order) with the decoder in a worker as on the main thread', async () => {
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  const N = 10_000;
  const all = Array.from({ length: N }, (_, i) => lineText(i, i % 101 === 0 ? 'bad ' : i % 37 === 0 ? 'twice ' : ''));
  writeFileSync(join(logs, 'app.log'), all.join(''));
  const goodText = all.filter((l) => !l.includes('bad ')).join('');
  const results: { hex: string[]; stderr: string }[] = [];
  for (const maxprocs of [1, 2]) {
    const name = `maxprocs-${maxprocs}`;
    const run = hekad(config({ maxprocs, logs, name }));
    const goodLines = N - Math.ceil(N / 101);
    await run.waitFor(() => fileSize(join(dir, name, 'out.log')) >= goodText.length, T);
    run.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(readFileSync(join(dir, name, 'out.log'), 'utf8')).toBe(goodText);
    const decoded = messages(join(dir, name, 'out.hpb'));
    expect(decoded.filter((m) => m.type === 'decoded')).toHaveLength(goodLines);
    results.push({ hex: decoded.map(withoutUuid), stderr: run.stderr });
  }
  expect(results[1]!.hex.length).toBe(results[0]!.hex.length);
  expect(results[1]!.hex).toEqual(results[0]!.hex);
  // the failures were reported the same way (logged, and routed with decode_failure fields)
  for (const r of results) expect(count(r.stderr, 'Failed parsing: bad line')).toBe(Math.ceil(N / 101));
}, T * 2);

test('a Lua error in the worker\'s sandbox is reported, later records fail with it, hekad keeps running', async () => {
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'app.log'), [lineText(0), lineText(1), lineText(2, 'boom '), lineText(3)].join(''));
  const run = hekad(config({ maxprocs: 2, logs, name: 'boom', sendFailures: false }));
  await run.waitFor((r) => count(r.stderr, 'boom on purpose') >= 2, T);
  await run.waitFor(() => fileSize(join(dir, 'boom', 'out.log')) === lineText(0).length + lineText(1).length, T);
  expect(run.stderr).toMatch(/FATAL: process_message\(\) .*decoder\.lua:\d+: boom on purpose/);
  run.kill('SIGTERM');
  expect(await run.exited).toEqual({ code: 0, signal: null });
  expect(readFileSync(join(dir, 'boom', 'out.log'), 'utf8')).toBe(lineText(0) + lineText(1));
}, T);

describe('stopping halfway through a large file, decoder in a worker', () => {
  const N = 100_000;

  async function stopAndRestart(signal: NodeJS.Signals): Promise<void> {
    const logs = join(dir, 'logs');
    mkdirSync(logs);
    const expected = Array.from({ length: N }, (_, i) => lineText(i));
    const text = expected.join('');
    writeFileSync(join(logs, 'app.log'), text);
    const path = config({ maxprocs: 2, logs, name: 'stop' });
    const out = join(dir, 'stop', 'out.log');
    const first = hekad(path);
    await first.waitFor(() => fileSize(out) >= text.length / 4, T);
    first.kill(signal);
    const exit = await first.exited;
    expect(exit.signal).toBe(signal === 'SIGKILL' ? 'SIGKILL' : null);
    if (signal !== 'SIGKILL') expect(exit.code).toBe(0);
    const firstOut = readFileSync(out, 'utf8');
    expect(text.startsWith(firstOut)).toBe(true); // in order, nothing skipped
    expect(firstOut.length).toBeLessThan(text.length);
    const second = hekad(path);
    const last = expected[N - 1]!;
    await second.waitFor(() => readFileSync(out, 'utf8').endsWith(last), T);
    second.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });
    // everything delivered; what the second run repeated is a contiguous tail of the first
    const rest = readFileSync(out, 'utf8').slice(firstOut.length);
    const restartLine = N - (rest.split('\n').length - 1);
    expect(rest).toBe(expected.slice(restartLine).join(''));
    const firstLines = firstOut.split('\n').length - 1;
    expect(restartLine).toBeLessThanOrEqual(firstLines);
    if (signal === 'SIGTERM') expect(firstLines - restartLine).toBe(0); // a clean stop repeats nothing
  }

  it('SIGTERM with records in flight: what was read is decoded, delivered and checkpointed; the restart repeats nothing', () => stopAndRestart('SIGTERM'), T * 2);
  it('kill -9: the restart delivers every line, repeating only a contiguous tail', () => stopAndRestart('SIGKILL'), T * 2);
});

test('preserve_data: the decoder\'s globals survive a restart (in a worker); a new preservation_version resets them', async () => {
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'app.log'), lineText(0) + lineText(1));
  const script = join(dir, 'decoder.lua');
  const run = async (name: string, version: number, waitLines: number): Promise<number[]> => {
    const path = config({ maxprocs: 2, logs, name: 'preserve', decoderExtra: `preserve_data = true\n[lua.config]\npreservation_version = ${version}` });
    writeFileSync(script, DECODER.replace('count = 0', '_PRESERVATION_VERSION = read_config("preservation_version")\ncount = 0'));
    const h = hekad(path);
    const out = join(dir, 'preserve', 'out.hpb');
    await h.waitFor(() => fileSize(out) > 0 && messages(out).filter((m) => m.type === 'decoded').length >= waitLines, T);
    h.kill('SIGTERM');
    expect(await h.exited).toEqual({ code: 0, signal: null });
    return messages(out).filter((m) => m.type === 'decoded').map((m) => Number(m.fields.find((f) => f.name === 'seen')!.values[0]));
  };
  expect(await run('a', 0, 2)).toEqual([1, 2]);
  const data = readFileSync(join(dir, 'preserve', 'base', 'sandbox_preservation', 'logs_lua_logs.data'), 'utf8');
  expect(data).toMatch(/_G\["count"\] = 2/);
  writeFileSync(join(logs, 'app.log'), lineText(0) + lineText(1) + lineText(2)); // one more line
  expect(await run('b', 0, 3)).toEqual([1, 2, 3]); // count went on from 2
  writeFileSync(join(logs, 'app.log'), lineText(0) + lineText(1) + lineText(2) + lineText(3));
  expect(await run('c', 1, 4)).toEqual([1, 2, 3, 1]); // the new version started from the script's 0
}, T * 3);

test('a script that does not load stops hekad at startup with the same error, with or without workers', async () => {
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  writeFileSync(join(logs, 'app.log'), lineText(0));
  const errors: string[] = [];
  for (const maxprocs of [1, 2]) {
    const path = config({ maxprocs, logs, name: `broken-${maxprocs}` });
    writeFileSync(join(dir, 'decoder.lua'), 'function process_message(\n');
    const run = hekad(path);
    const exit = await Promise.race([run.exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running:\n${run.stderr}`)), T / 2))]);
    expect(exit.code).not.toBe(0);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    errors.push(run.stderr.split('\n').filter((l) => l.includes('decoder.lua')).map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, '').replace(/broken-\d/g, 'broken')).join('\n'));
  }
  expect(errors[0]).toMatch(/Decoder '.*lua.*': Init\(\) .*decoder\.lua:2:/);
  expect(errors[1]).toBe(errors[0]);
}, T);
