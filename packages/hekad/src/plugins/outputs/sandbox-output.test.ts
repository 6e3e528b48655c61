import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message, validateConfigText } from '@heka/core';
import { PluginExitError } from '../../pipeline/contracts.js';
import { Pack } from '../../pipeline/pack.js';
import { createRegistry } from '../index.js';
import { FakeConsumerContext } from './fake-context.js';
import { SandboxOutput, type SandboxOutputInstance } from './sandbox-output.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sandbox-output-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function outputFor(script: string, extra = ''): { output: SandboxOutputInstance; context: FakeConsumerContext } {
  writeFileSync(join(dir, 'out.lua'), script);
  const toml = `[hekad]\nshare_dir = "${dir}"\nbase_dir = "${join(dir, 'base')}"\n[Out]\ntype = "SandboxOutput"\nfilename = "out.lua"\nmessage_matcher = "TRUE"\n${extra}`;
  const result = validateConfigText(toml, createRegistry(), { env: {} });
  expect(result.errors).toEqual([]);
  const section = result.plugins.find((p) => p.plugin === SandboxOutput)!;
  const output = section.plugin.create!(section.config, section.common, { name: 'Out', globals: result.globals }) as SandboxOutputInstance;
  const context = new FakeConsumerContext({ encode: () => undefined }, false, 'Out');
  output.prepare(context);
  return { output, context };
}

const pack = (payload: string) => new Pack(new Message({ type: 'in', payload, timestamp: 1n }));

const FILE_WRITER = `
require "io"
require "string"
local path = read_config("path")
function process_message()
  local p = read_message("Payload")
  if p == "bad" then return -1, "cannot write " .. p end
  if p == "stop" then return 1, "told to stop" end
  local fh = assert(io.open(path, "a"))
  fh:write(p, "\\n")
  fh:close()
  return 0
end
function timer_event(ns)
  local fh = assert(io.open(path, "a"))
  fh:write(string.format("tick %d\\n", ns))
  fh:close()
end`;

describe('SandboxOutput', () => {
  it('hands each message to process_message, which writes it with io; timer_event on ticks', () => {
    const path = join(dir, 'written.txt');
    const { output } = outputFor(FILE_WRITER, `[Out.config]\npath = "${path}"\n`);
    output.processMessage(pack('one'));
    output.processMessage(pack('two'));
    output.timerEvent(7_000_000_000n);
    expect(output.report()).toContainEqual({ name: 'ProcessMessageCount', value: 2, representation: 'count' });
    output.cleanUp();
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\ntick 7000000000\n');
  });

  it('a negative status is a counted failure with its error; a positive one stops the output', () => {
    const path = join(dir, 'written.txt');
    const { output } = outputFor(FILE_WRITER, `[Out.config]\npath = "${path}"\n`);
    expect(() => output.processMessage(pack('bad'))).toThrow('cannot write bad');
    output.processMessage(pack('ok'));
    expect(output.report()).toEqual(expect.arrayContaining([
      { name: 'ProcessMessageCount', value: 1, representation: 'count' },
      { name: 'ProcessMessageFailures', value: 1, representation: 'count' },
    ]));
    expect(() => output.processMessage(pack('stop'))).toThrow(new PluginExitError('FATAL: told to stop'));
    expect(readFileSync(path, 'utf8')).toBe('ok\n');
  });

  it('timer_event_on_shutdown calls timer_event once at shutdown, with or without a ticker', () => {
    const path = join(dir, 'written.txt');
    const { output } = outputFor(FILE_WRITER, `timer_event_on_shutdown = true\n[Out.config]\npath = "${path}"\n`);
    output.processMessage(pack('last'));
    output.timerEvent(1n, true); // the runner's final tick, when a ticker ran
    output.cleanUp();
    expect(readFileSync(path, 'utf8')).toBe('last\ntick 1\n');
    const second = outputFor(FILE_WRITER, `timer_event_on_shutdown = true\n[Out.config]\npath = "${join(dir, 'other.txt')}"\n`);
    second.output.cleanUp();
    expect(readFileSync(join(dir, 'other.txt'), 'utf8')).toMatch(/^tick \d{19}\n$/);
  });

  it('a failing timer_event stops the output', () => {
    const { output } = outputFor('function process_message() return 0 end function timer_event() error("no flush") end');
    expect(() => output.timerEvent(1n)).toThrow(/^FATAL: timer_event\(\) .*out\.lua:1: no flush$/);
  });

  it('has no inject functions; preserve_data saves to <name>.data', () => {
    const { output } = outputFor(`
      require "table"
      seen = {}
      function process_message()
        seen[#seen + 1] = table.concat({type(inject_message), type(inject_payload), type(add_to_payload), read_message("Payload")}, " ")
        return 0
      end`, 'preserve_data = true\n');
    output.processMessage(pack('p'));
    output.cleanUp();
    expect(readFileSync(join(dir, 'base', 'sandbox_preservation', 'Out.data'), 'utf8')).toContain('_G["seen"][1] = "nil nil nil p"');
  });

  it('a script that does not load fails to start', () => {
    expect(() => outputFor('function process_message() return 0 end', '[Out.config]\nx = 1\n')).not.toThrow();
    expect(() => outputFor('x = = 1')).toThrow(/^Init\(\) .*out\.lua:1: unexpected symbol near '='$/);
  });
});
