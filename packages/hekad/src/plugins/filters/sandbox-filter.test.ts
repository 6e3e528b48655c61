import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HekaError, Message, validateConfigText } from '@heka/core';
import { PluginExitError, type ConsumerContext } from '../../pipeline/contracts.js';
import { Pack } from '../../pipeline/pack.js';
import { createRegistry } from '../index.js';
import type { SandboxFilterInstance } from './sandbox-filter.js';
import { SandboxFilter } from './sandbox-filter.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sandbox-filter-')); });
afterEach(() => { rmSync(dir, { recursive: true }); });

interface Harness {
  filter: SandboxFilterInstance;
  injected: Message[];
  errors: string[];
}

/** A SandboxFilter built from TOML as hekad builds it, prepared with a recording context. */
function filterFor(script: string, extra = '', accept = true): Harness {
  writeFileSync(join(dir, 'f.lua'), script);
  const toml = `[hekad]\nshare_dir = "${dir}"\nbase_dir = "${join(dir, 'base')}"\nhostname = "box"\n[F]\ntype = "SandboxFilter"\nfilename = "f.lua"\nmessage_matcher = "Type == 'in'"\n${extra}`;
  const result = validateConfigText(toml, createRegistry(), { env: {} });
  expect(result.errors).toEqual([]);
  const section = result.plugins.find((p) => p.plugin === SandboxFilter)!;
  const filter = section.plugin.create!(section.config, section.common, { name: 'F', globals: result.globals }) as SandboxFilterInstance;
  const injected: Message[] = [];
  const errors: string[] = [];
  const context: ConsumerContext = {
    name: 'F', log: () => undefined, error: (t) => errors.push(t),
    inject: (m) => accept && injected.push(m) > 0, encode: () => undefined,
  };
  filter.prepare(context);
  return { filter, injected, errors };
}

const pack = (payload = 'line') => new Pack(new Message({ type: 'in', payload, timestamp: 1n }));

describe('SandboxFilter', () => {
  it('runs process_message per message and injects heka.sandbox-output from timer_event', () => {
    const { filter, injected } = filterFor(`
      count = 0
      function process_message() count = count + #read_message('Payload') return 0 end
      function timer_event(ns) inject_payload('txt', read_config('title'), count) end`,
    '[F.config]\ntitle = "chars"\n');
    filter.processMessage(pack('abc'));
    filter.processMessage(pack('de'));
    filter.timerEvent(5n);
    expect(injected).toHaveLength(1);
    expect(injected[0]).toMatchObject({ type: 'heka.sandbox-output', logger: 'F', hostname: 'box', payload: '5' });
    expect(injected[0]!.fields.map((f) => [f.name, f.values[0]])).toEqual([['payload_type', 'txt'], ['payload_name', 'chars']]);
    expect(filter.report().map((r) => r.name)).toEqual(['Memory', 'MaxMemory', 'MaxInstructions', 'MaxOutput', 'InjectMessageCount']);
  });

  it('prefixes the Type of inject_message and forces Logger and Hostname', () => {
    const { filter, injected } = filterFor("function process_message() inject_message({Type = 'alert', Logger = 'x', Hostname = 'y'}) return 0 end");
    filter.processMessage(pack());
    expect(injected[0]).toMatchObject({ type: 'heka.sandbox.alert', logger: 'F', hostname: 'box' });
  });

  it('a negative status is a failure of that message only', () => {
    const { filter } = filterFor("function process_message() return -1, 'no status field' end");
    expect(() => filter.processMessage(pack())).toThrow(new Error('no status field'));
    expect(() => filter.processMessage(pack())).toThrow('no status field');
  });

  it.each([
    ['an endless loop', 'function process_message() while true do end end', 'process_message() instruction_limit exceeded'],
    ['a positive status', 'function process_message() return 1 end', 'process_message() returned 1'],
    ['more injections than max_process_inject', "function process_message() inject_payload('txt', '', 'a') inject_payload('txt', '', 'b') return 0 end",
      'process_message() FILE:1: inject_payload() exceeded InjectMessage count'],
  ])('%s terminates the plugin with a heka.sandbox-terminated message', (_name, script, error) => {
    expectTermination(filterFor(script), error);
  });

  it('an injection its own matcher would take terminates it too', () => {
    // heka.sandbox.y is taken by a filter matching every message
    expectTermination(filterForMatcher("function process_message() inject_message({Type = 'y'}) return 0 end", 'TRUE'),
      "process_message() FILE:1: inject_message() creates a circular reference (matches this plugin's message_matcher)");
  });

  it('raw bytes whose fields do not decode are refused as an invalid protobuf string', () => {
    // a Fields entry of two 0xff bytes: well-formed at the top level, broken inside
    expectTermination(filterForMatcher("function process_message() inject_message('\\82\\2\\255\\255') return 0 end", 'Fields[x] == 1'),
      'process_message() FILE:1: inject_message() attempted to inject a invalid protobuf string');
  });

  it('the final tick at shutdown runs timer_event only with timer_event_on_shutdown', () => {
    const script = "function process_message() return 0 end function timer_event() inject_payload('txt', '', 'flush') end";
    const off = filterFor(script);
    off.filter.timerEvent(1n, true);
    expect(off.injected).toHaveLength(0);
    const on = filterFor(script, 'timer_event_on_shutdown = true\n');
    on.filter.timerEvent(1n, true);
    expect(on.injected).toHaveLength(1);
  });

  it('a script error at load fails prepare with Init()', () => {
    expect(() => filterFor('function (')).toThrow(/^Init\(\) .*f\.lua:1: /);
  });

  it('a missing script is a user mistake naming the option', () => {
    const result = validateConfigText(`[hekad]\nshare_dir = "${dir}"\n[F]\ntype = "SandboxFilter"\nfilename = "nope.lua"\nmessage_matcher = "TRUE"\n`, createRegistry(), { env: {} });
    const section = result.plugins.find((p) => p.plugin === SandboxFilter)!;
    const filter = section.plugin.create!(section.config, section.common, { name: 'F', globals: result.globals }) as SandboxFilterInstance;
    const context = { name: 'F', log: () => undefined, error: () => undefined, inject: () => true, encode: () => undefined };
    expect(() => filter.prepare(context)).toThrow(HekaError);
    expect(() => filter.prepare(context)).toThrow(`[F].filename: cannot read the Lua script ${join(dir, 'nope.lua')}`);
  });

  it('defaults: Heka\'s limits, can_exit on, module_directory under share_dir', () => {
    const result = validateConfigText('[hekad]\nshare_dir = "/s"\n[F]\ntype = "SandboxFilter"\nfilename = "f.lua"\nmessage_matcher = "TRUE"\n', createRegistry(), { env: {} });
    const section = result.plugins.find((p) => p.plugin === SandboxFilter)!;
    expect(section.config).toMatchObject({ memory_limit: 8388608, instruction_limit: 1000000, output_limit: 64512, module_directory: '/s/lua_modules', preserve_data: false, config: {} });
    expect(section.common).toMatchObject({ can_exit: true });
  });

  it('preserve_data keeps the globals across a restart, in <base_dir>/sandbox_preservation', () => {
    const script = "count = 0 function process_message() count = count + 1 return 0 end function timer_event() inject_payload('txt', '', count) end";
    const extra = 'preserve_data = true\n';
    const first = filterFor(script, extra);
    first.filter.processMessage(pack());
    first.filter.processMessage(pack());
    first.filter.cleanUp();
    expect(readFileSync(join(dir, 'base', 'sandbox_preservation', 'F.data'), 'utf8')).toContain('_G["count"] = 2');
    const second = filterFor(script, extra);
    second.filter.timerEvent(1n);
    expect(second.injected.map((m) => m.payload)).toEqual(['2']);
  });

  it('a preservation file that does not load fails prepare', () => {
    mkdirSync(join(dir, 'base', 'sandbox_preservation'), { recursive: true });
    writeFileSync(join(dir, 'base', 'sandbox_preservation', 'F.data'), 'count = = 1');
    expect(() => filterFor('function process_message() return 0 end', 'preserve_data = true\n'))
      .toThrow(/^Init\(\) restoring preserved data: .*F\.data:1: /);
  });
});

function filterForMatcher(script: string, matcher: string): Harness {
  writeFileSync(join(dir, 'f.lua'), script);
  const toml = `[hekad]\nshare_dir = "${dir}"\n[F]\ntype = "SandboxFilter"\nfilename = "f.lua"\nmessage_matcher = "${matcher}"\n`;
  const result = validateConfigText(toml, createRegistry(), { env: {} });
  const section = result.plugins.find((p) => p.plugin === SandboxFilter)!;
  const filter = section.plugin.create!(section.config, section.common, { name: 'F', globals: result.globals }) as SandboxFilterInstance;
  const injected: Message[] = [];
  filter.prepare({ name: 'F', log: () => undefined, error: () => undefined, inject: (m) => injected.push(m) > 0, encode: () => undefined });
  return { filter, injected, errors: [] };
}

function expectTermination({ filter, injected }: Harness, error: string): void {
  const expected = error.replace('FILE', join(dir, 'f.lua'));
  expect(() => filter.processMessage(pack())).toThrow(new PluginExitError(expected));
  const terminated = injected.filter((m) => m.type === 'heka.sandbox-terminated');
  expect(terminated).toHaveLength(1);
  expect(terminated[0]).toMatchObject({ logger: 'hekad', payload: expected });
  expect(terminated[0]!.fields.map((f) => [f.name, f.values[0]])).toEqual([['plugin', 'F']]);
}
