import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, encodeMessage, Message, validateConfigText } from '@heka/core';
import { Pack } from '../../pipeline/pack.js';
import { createRegistry } from '../index.js';
import { SandboxEncoder, type SandboxEncoderInstance } from './sandbox-encoder.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sandbox-encoder-')); });
afterEach(() => { rmSync(dir, { recursive: true }); });

function encoderFor(script: string): SandboxEncoderInstance {
  writeFileSync(join(dir, 'e.lua'), script);
  const result = validateConfigText(`[hekad]\nshare_dir = "${dir}"\n[E]\ntype = "SandboxEncoder"\nfilename = "e.lua"\n`, createRegistry(), { env: {} });
  expect(result.errors).toEqual([]);
  const section = result.plugins.find((p) => p.plugin === SandboxEncoder)!;
  return section.plugin.create!(section.config, section.common, { name: 'E', globals: result.globals }) as SandboxEncoderInstance;
}

const pack = (payload: string) => new Pack(new Message({ type: 't', payload, timestamp: 5n }));
const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString('utf8'));

describe('SandboxEncoder', () => {
  it('the injected payload is the output, alone', () => {
    const e = encoderFor("function process_message() add_to_payload(read_message('Type'), ':') inject_payload('txt', 'ignored', read_message('Payload'), '\\n') return 0 end");
    expect(text(e.encode(pack('hello')))).toBe('t:hello\n');
    expect(text(e.encode(pack('again')))).toBe('t:again\n');
  });

  it('an injected table is written as protobuf', () => {
    const e = encoderFor("function process_message() inject_message({Type = 'wrapped', Payload = read_message('Payload')}) return 0 end");
    expect(decodeMessage(e.encode(pack('x'))!)).toMatchObject({ type: 'wrapped', payload: 'x' });
  });

  it('without an injection the message is written as protobuf, write_message edits on a copy', () => {
    const e = encoderFor("function process_message() write_message('Type', 'edited') return 0 end");
    const p = pack('x');
    expect(decodeMessage(e.encode(p)!)).toMatchObject({ type: 'edited', payload: 'x' });
    expect(p.message.type).toBe('t');
    const plain = encoderFor('function process_message() return 0 end');
    expect(Buffer.from(plain.encode(p)!).equals(Buffer.from(encodeMessage(p.message)))).toBe(true);
  });

  it('-2 skips the message; other negative statuses are errors', () => {
    const e = encoderFor("function process_message() if read_message('Payload') == 'skip' then return -2 end return -1, 'no good' end");
    expect(e.encode(pack('skip'))).toBeUndefined();
    expect(() => e.encode(pack('x'))).toThrow(new Error('Failed serializing: no good'));
  });

  it('a fatal error fails every later message', () => {
    const e = encoderFor('function process_message() error("boom") end');
    expect(() => e.encode(pack('x'))).toThrow(`FATAL: process_message() ${join(dir, 'e.lua')}:1: boom`);
    expect(() => e.encode(pack('y'))).toThrow('FATAL: ');
  });

  it('only one output per message', () => {
    const e = encoderFor("function process_message() inject_payload('txt', '', 'a') inject_payload('txt', '', 'b') return 0 end");
    expect(() => e.encode(pack('x'))).toThrow('inject_payload() exceeded InjectMessage count');
  });
});
