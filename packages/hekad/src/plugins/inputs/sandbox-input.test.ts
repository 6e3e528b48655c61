import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfigText, type Message } from '@heka/core';
import type { InputContext } from '../../pipeline/contracts.js';
import { createRegistry } from '../index.js';
import { SandboxInput, type SandboxInputInstance } from './sandbox-input.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sandbox-input-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function configFor(script: string, extra = '') {
  writeFileSync(join(dir, 'in.lua'), script);
  const toml = `[hekad]\nshare_dir = "${dir}"\nbase_dir = "${join(dir, 'base')}"\n[In]\ntype = "SandboxInput"\nfilename = "in.lua"\n${extra}`;
  return validateConfigText(toml, createRegistry(), { env: {} });
}

function inputFor(script: string, extra = ''): SandboxInputInstance {
  const result = configFor(script, extra);
  expect(result.errors).toEqual([]);
  const section = result.plugins.find((p) => p.plugin === SandboxInput)!;
  return section.plugin.create!(section.config, section.common, { name: 'In', globals: result.globals }) as SandboxInputInstance;
}

interface Recorded { context: InputContext; messages: Message[]; logs: string[]; errors: string[] }
function recorder(onDeliver?: (m: Message) => void): Recorded {
  const r: Recorded = { messages: [], logs: [], errors: [], context: undefined as unknown as InputContext };
  r.context = {
    name: 'In', log: (t) => r.logs.push(t), error: (t) => r.errors.push(t),
    openStream: () => { throw new Error('SandboxInput opens no stream'); },
    deliver: (m) => { r.messages.push(m); onDeliver?.(m); return undefined; },
  };
  return r;
}

describe('SandboxInput', () => {
  it('runs process_message once without a ticker and routes what it injected, in order', async () => {
    const input = inputFor(`
      function process_message()
        for i = 1, 3 do inject_message({Type = "made", Payload = "n" .. i, Timestamp = i * 1e9, Fields = {i = i}}) end
        return 0
      end`);
    const r = recorder();
    await input.run(r.context, new AbortController().signal);
    expect(r.messages.map((m) => [m.type, m.payload, m.timestamp, m.fields[0]!.values[0]])).toEqual([
      ['made', 'n1', 1_000_000_000n, 1], ['made', 'n2', 2_000_000_000n, 2], ['made', 'n3', 3_000_000_000n, 3],
    ]);
    expect(r.logs).toEqual(['single run completed']);
    expect(input.report()).toEqual(expect.arrayContaining([
      { name: 'ProcessMessageCount', value: 3, representation: 'count' },
      { name: 'ProcessMessageFailures', value: 0, representation: 'count' },
    ]));
  });

  it('is called again on every tick while it returns <= 0, and stops on a positive status', async () => {
    const input = inputFor(`
      calls = 0
      function process_message()
        calls = calls + 1
        inject_message({Payload = tostring(calls)})
        if calls == 2 then return -1, "second call failed" end
        if calls == 3 then return 1, "done" end
        return 0
      end`, 'ticker_interval = 1\n');
    const r = recorder();
    await input.run(r.context, new AbortController().signal);
    expect(r.messages.map((m) => m.payload)).toEqual(['1', '2', '3']);
    expect(r.errors).toEqual(['second call failed', 'done']);
    expect(input.report()).toContainEqual({ name: 'ProcessMessageFailures', value: 1, representation: 'count' });
  }, 10_000);

  it('stops waiting for the next tick when hekad stops', async () => {
    const input = inputFor('function process_message() inject_message({Payload = "x"}) return 0 end', 'ticker_interval = 3600\n');
    const stop = new AbortController();
    const r = recorder(() => stop.abort());
    await input.run(r.context, stop.signal);
    expect(r.messages).toHaveLength(1);
  });

  it('a script error ends the input with the error logged', async () => {
    const input = inputFor('function process_message() error("boom") end');
    const r = recorder();
    await input.run(r.context, new AbortController().signal);
    expect(r.errors).toEqual([`process_message() ${dir}/in.lua:1: boom`]);
  });

  it('cannot read messages or build payloads; raw bytes must be a Heka message', async () => {
    const input = inputFor(`
      function process_message()
        local ok, err = pcall(inject_message, "not a message")
        inject_message({Payload = table.concat({type(read_message), type(inject_payload), tostring(ok)}, " ")})
        return 0
      end
      require "table"`);
    const r = recorder();
    await input.run(r.context, new AbortController().signal);
    expect(r.messages.map((m) => m.payload)).toEqual(['nil nil false']);
  });

  it('config tz re-reads injected timestamps as wall-clock time in that zone', async () => {
    const input = inputFor('function process_message() inject_message({Timestamp = 0}) return 0 end', '[In.config]\ntz = "America/New_York"\n');
    const r = recorder();
    await input.run(r.context, new AbortController().signal);
    expect(r.messages[0]!.timestamp).toBe(5n * 3600n * 1_000_000_000n);
  });

  it('preserve_data keeps globals across runs in <base_dir>/sandbox_preservation/<name>.data', async () => {
    const script = 'runs = 0 function process_message() runs = runs + 1 inject_message({Payload = tostring(runs)}) return 0 end';
    for (const expected of ['1', '2']) {
      const r = recorder();
      await inputFor(script, 'preserve_data = true\n').run(r.context, new AbortController().signal);
      expect(r.messages.map((m) => m.payload)).toEqual([expected]);
    }
    expect(readFileSync(join(dir, 'base', 'sandbox_preservation', 'In.data'), 'utf8')).toContain('_G["runs"] = 2');
  });

  it('refuses a bad tz and a missing script at startup, naming the section', () => {
    expect(() => inputFor('function process_message() return 0 end', '[In.config]\ntz = "Mars/Olympus"\n'))
      .toThrow(`Input 'In': Init() [In.config] tz: unknown time zone "Mars/Olympus"`);
    const result = configFor('');
    rmSync(join(dir, 'in.lua'));
    const section = result.plugins.find((p) => p.plugin === SandboxInput)!;
    expect(() => section.plugin.create!(section.config, section.common, { name: 'In', globals: result.globals }))
      .toThrow(/\[In\]\.filename: cannot read the Lua script .*in\.lua/);
  });

  it('reports a script that does not load', () => {
    expect(() => inputFor('function process_message( return 0 end')).toThrow(`Input 'In': Init() ${dir}/in.lua:1: <name> or '...' expected near 'return'`);
  });
});
