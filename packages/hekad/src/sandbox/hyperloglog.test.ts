// The hyperloglog C module (spec plugins §6.3/§6.4) through the LuaSandbox host: Heka's (Redis')
// estimates, the register bytes checked against an independent reference of Redis' hashing,
// add_to_payload, preserve_data and Heka's argument errors.
import { decodeMessage, encodeMessage, Message } from '@heka/core';
import type { LuaSandbox} from './lua-sandbox.js';
import { type SandboxConfig } from './lua-sandbox.js';
import { createSandbox, destroyCreated } from '../lua/lua-harness.js';

afterEach(destroyCreated);
const sandbox = (source: string, cfg: Partial<SandboxConfig> = {}): LuaSandbox => createSandbox({ source, filename: 'test.lua', ...cfg });

const message = () => encodeMessage(new Message({ uuid: new Uint8Array(16), timestamp: 0n, payload: '' }));

/** Runs `body` in process_message (hyperloglog and string required) and returns the payload bytes it added. */
function runBytes(body: string, cfg: Partial<SandboxConfig> = {}): Buffer {
  const sb = sandbox(`require 'hyperloglog'\nrequire 'string'\nfunction process_message()\n${body}\ninject_payload('txt', '')\nreturn 0 end`, cfg);
  const r = sb.processMessage(message());
  if (r.status !== 0) throw new Error(r.error);
  return Buffer.from(decodeMessage(r.injected[0]!).payloadBytes);
}
const run = (body: string, cfg: Partial<SandboxConfig> = {}) => runBytes(body, cfg).toString('latin1');

/** The error process_message ends with. */
function failure(body: string): string {
  const sb = sandbox(`require 'hyperloglog'\nfunction process_message()\n${body}\nreturn 0 end`);
  const r = sb.processMessage(message());
  expect(r.status).toBe(1);
  return r.error ?? '';
}

// Reference for where Redis puts an item: MurmurHash64A (seed 0xadc83b19) in BigInt, the low 14
// bits choose the register, the run of zeros above them plus one is its value.
const M64 = (1n << 64n) - 1n;
function murmur64a(bytes: Uint8Array): bigint {
  const m = 0xc6a4a7935bd1e995n;
  let h = (0xadc83b19n ^ (BigInt(bytes.length) * m)) & M64;
  const whole = bytes.length & ~7;
  for (let i = 0; i < whole; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(bytes[i + j]!);
    k = (k * m) & M64;
    k ^= k >> 47n;
    k = (k * m) & M64;
    h = ((h ^ k) * m) & M64;
  }
  const tail = bytes.length & 7;
  if (tail) {
    for (let j = tail - 1; j >= 0; j--) h ^= BigInt(bytes[whole + j]!) << BigInt(8 * j);
    h = (h * m) & M64;
  }
  h ^= h >> 47n;
  h = (h * m) & M64;
  return h ^ (h >> 47n);
}
function referenceRegisters(items: Uint8Array[]): Uint8Array {
  const regs = new Uint8Array(16384);
  for (const item of items) {
    const h = murmur64a(item);
    const index = Number(h & 16383n);
    let run = 1;
    for (let bit = 14n; bit < 63n && ((h >> bit) & 1n) === 0n; bit++) run++;
    regs[index] = Math.max(regs[index]!, run);
  }
  return regs;
}
/** Redis' small-set estimate (linear counting) of the keys "%08d" 1..n, from the reference registers. */
function linearCount(n: number): number {
  const regs = referenceRegisters(Array.from({ length: n }, (_, i) => Buffer.from(String(i + 1).padStart(8, '0'))));
  const zeros = regs.filter((r) => r === 0).length;
  return Math.floor(16384 * Math.log(16384 / zeros));
}
/** The six-bit registers of a hyperloglog's 12304 bytes (16-byte header, then packed LSB first). */
function registersOf(bytes: Buffer): Uint8Array {
  const regs = new Uint8Array(16384);
  for (let i = 0; i < 16384; i++) {
    const bit = i * 6, byte = 16 + (bit >> 3);
    regs[i] = (((bytes[byte]! | ((bytes[byte + 1] ?? 0) << 8)) >> (bit & 7)) & 63);
  }
  return regs;
}

describe('require', () => {
  test('returns the module and sets the global, like Heka\'s C modules', () => {
    expect(run('local m = require "hyperloglog" add_to_payload(type(m.new), " ", tostring(rawequal(m, hyperloglog)))'))
      .toBe('function true');
  });
});

describe('estimates are Heka\'s (Redis\' dense HyperLogLog)', () => {
  // The figures lua_hyperloglog's own tests expect of Redis' estimator for "%08d" keys.
  test.each([
    [1, 110000, 110505],
    [1, 50000, 49932],
    [50001, 100000, 50151],
  ])('keys %i..%i as "%%08d" count %i', (from, to, expected) => {
    expect(run(`local h = hyperloglog.new() for i = ${from}, ${to} do h:add(string.format("%08d", i)) end add_to_payload(h:count())`))
      .toBe(String(expected));
  });

  test('merge makes the union: its count is that of one hyperloglog fed every key', () => {
    // 1..50000 ∪ 50001..100000 ∪ 100001..110000 is 1..110000: the same registers, Heka's 110505
    expect(run(`
local a, b, c, direct = hyperloglog.new(), hyperloglog.new(), hyperloglog.new(), hyperloglog.new()
for i = 1, 50000 do a:add(string.format("%08d", i)) end
b:merge(a)
add_to_payload(tostring(b:count() == a:count()), " ")
for i = 100001, 110000 do b:add(string.format("%08d", i)) direct:add(string.format("%08d", i)) end
for i = 1, 50000 do direct:add(string.format("%08d", i)) end
add_to_payload(tostring(b:count() == direct:count()), " ")
for i = 50001, 100000 do c:add(string.format("%08d", i)) end
c:merge(b)
c:merge(c)
add_to_payload(c:count(), " ", a:count())`, { instructionLimit: 10_000_000 })).toBe('true true 110505 49932');
  });

  test('1..100000 as numbers is within Redis\' documented standard error (0.81%) times 2.5', () => {
    const n = Number(run('local h = hyperloglog.new() for i = 1, 100000 do h:add(i) end add_to_payload(h:count())'));
    expect(Math.abs(n - 100000) / 100000).toBeLessThan(0.0081 * 2.5);
  });

  test('small sets count exactly, as Redis\' PFADD/PFCOUNT examples; add is true only when a register grows', () => {
    expect(run(`
local h = hyperloglog.new()
add_to_payload(h:count(), " ", tostring(h:add("foo")), tostring(h:add("bar")), tostring(h:add("zap")), " ")
add_to_payload(tostring(h:add("zap")), tostring(h:add("foo")), " ", h:count(), " ")
local g = hyperloglog.new()
for _, k in ipairs({"a", "b", "c", "d", "e", "f", "g"}) do g:add(k) end
add_to_payload(g:count(), " ")
g:clear()
add_to_payload(g:count(), " ", tostring(g:add("a")), " ", g:count())`)).toBe('0 truetruetrue falsefalse 3 7 0 true 1');
  });

  test('strings and numbers land in the registers Redis\' hashing gives (checked against a reference)', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `user-${i * 7919}`);
    const bytes = runBytes(`local h = hyperloglog.new()
for i = 0, 2999 do h:add("user-" .. i * 7919) end
for _, x in ipairs({1, 2.5, -3, 1e15}) do h:add(x) end
add_to_payload(h)`);
    const doubles = [1, 2.5, -3, 1e15].map((x) => {
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, x, true);
      return b;
    });
    expect(bytes.length).toBe(12304);
    expect(bytes.subarray(0, 8).toString('latin1')).toBe('HYLL\0\0\0\0');
    expect(registersOf(bytes)).toEqual(referenceRegisters([...keys.map((k) => Buffer.from(k)), ...doubles]));
  });
});

describe('add_to_payload', () => {
  test('writes the 12304 bytes of Redis\' dense string: header, cached count, registers', () => {
    const bytes = runBytes('local h = hyperloglog.new() h:add("x") h:count() add_to_payload(h)');
    expect(bytes.length).toBe(12304);
    expect(bytes.subarray(0, 16)).toEqual(Buffer.from('HYLL\0\0\0\0\x01\0\0\0\0\0\0\0', 'latin1')); // cached count 1
    expect(registersOf(bytes)).toEqual(referenceRegisters([Buffer.from('x')]));
  });

  test('a hyperloglog larger than output_limit is a Lua error', () => {
    const sb = sandbox('require "hyperloglog"\nfunction process_message()\nadd_to_payload(hyperloglog.new())\nreturn 0 end', { outputLimit: 1024 });
    expect(sb.processMessage(message()).error).toBe('process_message() test.lua:3: output_limit exceeded');
  });
});

describe('preserve_data', () => {
  const script = `require 'hyperloglog'
require 'string'
hll = hyperloglog.new()
same = hll
t = { inner = hyperloglog.new() }
function process_message()
  for i = 1, 2000 do hll:add(string.format("%08d", i)) end
  t.inner:add("\\n\\r\\"\\\\")
  return 0
end
function timer_event()
  add_to_payload(hll:count(), " ", t.inner:count(), " ", tostring(rawequal(hll, same)))
  inject_payload('txt', '')
end`;

  test('writes Heka\'s new-if-missing and fromstring lines with the raw bytes; a restart gets the same state back', () => {
    const first = sandbox(script);
    first.processMessage(message());
    const data = Buffer.from(first.preserve());
    const text = data.toString('latin1');
    const name = /_G\["(hll|same)"\] == nil/.exec(text)?.[1];
    const other = name === 'hll' ? 'same' : 'hll';
    expect(text).toContain(`if _G["${name}"] == nil then _G["${name}"] = hyperloglog.new() end\n_G["${name}"]:fromstring("HYLL`);
    expect(text).toContain(`_G["${other}"] = _G["${name}"]\n`);
    expect(text).toContain('if _G["t"]["inner"] == nil then _G["t"]["inner"] = hyperloglog.new() end\n');
    // only what would end or break the literal is escaped, as Heka wrote it
    const literal = /_G\["t"\]\["inner"\]:fromstring\("((?:[^"\\]|\\[\s\S])*)"\)\n/.exec(text)![1]!;
    expect(literal.replace(/\\n/g, '\n').replace(/\\r/g, '\r').replace(/\\"/g, '"').replace(/\\\\/g, '\\').length).toBe(12304);

    const payload = (sb: LuaSandbox) => decodeMessage(sb.timerEvent(0).injected[0]!).payload;
    const second = sandbox(script);
    second.restore(data, 'x.data');
    expect(payload(second)).toBe(payload(first));
    expect(payload(second)).toBe(`${linearCount(2000)} 1 true`);
  });

  test('a hyperloglog the script no longer creates is created by the data file', () => {
    const first = sandbox(script);
    first.processMessage(message());
    const second = sandbox(`require 'hyperloglog'
function process_message() return 0 end
function timer_event() add_to_payload(hll:count(), " ", t.inner:count()) inject_payload('txt', '') end`);
    second.restore(first.preserve(), 'x.data');
    expect(decodeMessage(second.timerEvent(0).injected[0]!).payload).toBe(`${linearCount(2000)} 1`);
  });
});

describe('bad arguments raise Heka\'s errors', () => {
  test.each([
    ['hyperloglog.new(1)', "bad argument #0 to 'new' (incorrect number of arguments)"],
    // Lua 5.1 numbers a method's arguments after self: #1 is the first, #-1 the call as a whole
    ['local h = hyperloglog.new() h:add({})', "bad argument #1 to 'add' (must be a string or number)"],
    ['local h = hyperloglog.new() h:add()', "bad argument #-1 to 'add' (incorrect number of arguments)"],
    ['local h = hyperloglog.new() h:add("a", "b")', "bad argument #-1 to 'add' (incorrect number of arguments)"],
    ['local h = hyperloglog.new() h.add(h, nil)', "bad argument #2 to 'add' (must be a string or number)"],
    ['local h = hyperloglog.new() h:count(1)', "bad argument #-1 to 'count' (incorrect number of arguments)"],
    ['local h = hyperloglog.new() h.count({})', "bad argument #1 to 'count' (lsb.hyperloglog expected, got table)"],
    ['local h = hyperloglog.new() h:clear(1)', "bad argument #-1 to 'clear' (incorrect number of arguments)"],
    ['local h = hyperloglog.new() h:merge({})', "bad argument #1 to 'merge' (lsb.hyperloglog expected, got table)"],
    ['local h = hyperloglog.new() h:merge(circular_buffer.new(2, 1, 1))', "bad argument #1 to 'merge' (lsb.hyperloglog expected, got userdata)"],
    ['local h = hyperloglog.new() h:fromstring({})', "bad argument #1 to 'fromstring' (string expected, got table)"],
    ['local h = hyperloglog.new() h:fromstring("      ")', 'fromstring() bytes found: 6, expected 12304'],
    ['local h = hyperloglog.new() h:fromstring(string.rep("x", 12304))', 'fromstring() HYLL header not found'],
    ['local h = hyperloglog.new() h:fromstring("HYLL\\1" .. string.rep("\\0", 12299))', 'fromstring() invalid encoding'],
  ])('%s', (body, error) => {
    expect(failure(`require 'string' require 'circular_buffer'\n${body}`)).toBe(`process_message() test.lua:4: ${error}`);
  });
});
