import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pack } from '../../pipeline/pack.js';
import { decoders, payloadPack, run } from './decoder-harness.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'sandbox-decoder-')); });
afterEach(() => { rmSync(dir, { recursive: true }); });

function decoderFor(script: string, extra = '') {
  writeFileSync(join(dir, 'd.lua'), script);
  return decoders(`[hekad]\nshare_dir = "${dir}"\nbase_dir = "${join(dir, 'base')}"\n[D]\ntype = "SandboxDecoder"\nfilename = "d.lua"\n${extra}`).create('D');
}

const packs = async (decoder: ReturnType<typeof decoderFor>, pack: Pack) => {
  const r = await run(decoder, pack);
  if ('error' in r) throw new Error(r.error);
  return r.packs;
};

const KV_DECODER = `
require 'lpeg'
local pair = lpeg.C((1 - lpeg.S'= ')^1) * '=' * lpeg.C((1 - lpeg.P' ')^0)
local line = lpeg.Cf(lpeg.Ct'' * lpeg.Cg(pair * lpeg.P' '^0)^1, rawset)
function process_message()
  local fields = line:match(read_message('Payload'))
  if not fields then return -1, 'not key=value' end
  inject_message({Type = read_config('type'), Timestamp = tonumber(fields.ts), Fields = {status = tonumber(fields.status), path = fields.path}})
  return 0
end`;

describe('SandboxDecoder', () => {
  it('replaces the record with the injected message, keeping headers the script left out', async () => {
    const decoder = decoderFor(KV_DECODER, '[D.config]\ntype = "kv"\n');
    const pack = payloadPack('ts=1500000000000000000 status=404 path=/x', { hostname: 'web1', severity: 6, pid: 9 });
    const [out, ...rest] = await packs(decoder, pack);
    expect(rest).toEqual([]);
    expect(out).toBe(pack); // the record's pack is reused
    expect(out!.message).toMatchObject({ type: 'kv', timestamp: 1500000000000000000n, hostname: 'web1', logger: 'input', severity: 6, pid: 9 });
    expect(out!.message.fields.map((f) => [f.name, f.values[0]]).sort()).toEqual([['path', '/x'], ['status', 404]]);
  });

  it('a negative status fails the record with Failed parsing', async () => {
    const decoder = decoderFor(KV_DECODER);
    expect(await run(decoder, payloadPack('garbage'))).toEqual({ error: 'Failed parsing: not key=value payload: garbage' });
  });

  it('status 0 without an injection passes the record on', async () => {
    const decoder = decoderFor('function process_message() return 0 end');
    const pack = payloadPack('x');
    expect(await packs(decoder, pack)).toEqual([pack]);
  });

  it('several injections make several messages', async () => {
    const decoder = decoderFor("require 'string' function process_message() for w in string.gmatch(read_message('Payload'), '%a+') do inject_message({Payload = w}) end return 0 end");
    const out = await packs(decoder, payloadPack('a bc def'));
    expect(out.map((p) => [p.message.payload, p.message.logger])).toEqual([['a', 'input'], ['bc', 'input'], ['def', 'input']]);
  });

  it('inject_payload rewrites the payload and tags it', async () => {
    const decoder = decoderFor("function process_message() inject_payload('json', 'doc', '{}') return 0 end");
    const [out] = await packs(decoder, payloadPack('raw'));
    expect(out!.message.payload).toBe('{}');
    expect(out!.message.fields.map((f) => [f.name, f.representation, f.values[0]])).toEqual([['payload_type', 'file-extension', 'json'], ['payload_name', '', 'doc']]);
  });

  it('a fatal error fails this and every later record', async () => {
    const decoder = decoderFor('function process_message() while true do end end', 'instruction_limit = 100\n');
    expect(await run(decoder, payloadPack('a'))).toEqual({ error: 'FATAL: process_message() instruction_limit exceeded' });
    expect(await run(decoder, payloadPack('b'))).toEqual({ error: 'FATAL: process_message() instruction_limit exceeded' });
  });

  it('a script that does not load fails at creation', () => {
    expect(() => decoderFor('function (')).toThrow(/^Decoder 'D': Init\(\) .*d\.lua:1: /);
  });
});

describe('SandboxDecoder with write_message', () => {
  it('edits the record in place', async () => {
    const decoder = decoderFor("require 'string' function process_message() write_message('Type', 'edited') write_message('Fields[len]', #read_message('Payload')) return 0 end");
    const pack = payloadPack('hello');
    const [out] = await packs(decoder, pack);
    expect(out).toBe(pack);
    expect(out!.message).toMatchObject({ type: 'edited', payload: 'hello', logger: 'input' });
    expect(out!.message.fields.map((f) => [f.name, f.values[0]])).toEqual([['len', 5]]);
  });
});

describe('SandboxDecoder preserve_data', () => {
  const COUNTER = `
_PRESERVATION_VERSION = read_config('preservation_version') or 0
seen = 0
function process_message()
  seen = seen + 1
  inject_message({Type = 'counted', Fields = {seen = seen}})
  return 0
end`;
  const seenBy = async (decoder: ReturnType<typeof decoderFor>) => {
    const [p] = await packs(decoder, payloadPack('x'));
    return p!.message.fields.find((f) => f.name === 'seen')!.values[0];
  };
  const make = (version: number) => decoderFor(COUNTER, `preserve_data = true\n[D.config]\npreservation_version = ${version}\n`);

  it('saves the globals at stop and restores them at the next start; a new preservation_version starts afresh', async () => {
    const first = make(0);
    expect(await seenBy(first)).toBe(1);
    expect(await seenBy(first)).toBe(2);
    await first.stop?.();
    const again = make(0);
    expect(await seenBy(again)).toBe(3);
    await again.stop?.();
    const reset = make(1);
    expect(await seenBy(reset)).toBe(1);
  });

  it('preserved data that does not run stops the decoder at creation, naming the file', async () => {
    const first = make(0);
    await first.stop?.();
    const { readdirSync } = await import('node:fs');
    const saved = join(dir, 'base', 'sandbox_preservation');
    for (const f of readdirSync(saved)) writeFileSync(join(saved, f), 'this is not Lua');
    expect(() => make(0)).toThrow(/Init\(\) .*sandbox_preservation.*\.data/);
  });
});
