// The circular_buffer C module (spec plugins §7.1) through the LuaSandbox host: cells and the
// sliding window, aggregations, statistics, the cbuf/cbufd texts, preserve_data and Heka's
// argument errors.
import { decodeMessage, encodeMessage, Message, ValueType } from '@heka/core';
import type { LuaSandbox} from './lua-sandbox.js';
import { type SandboxConfig } from './lua-sandbox.js';
import { createSandbox, destroyCreated } from '../lua/lua-harness.js';

afterEach(destroyCreated);
const sandbox = (source: string, cfg: Partial<SandboxConfig> = {}): LuaSandbox => createSandbox({ source, filename: 'test.lua', ...cfg });

const message = () => encodeMessage(new Message({ uuid: new Uint8Array(16), timestamp: 0n, payload: '' }));

/** Runs `body` in process_message (circular_buffer and string required) and returns what it added to the payload. */
function run(body: string, cfg: Partial<SandboxConfig> = {}): string {
  const sb = sandbox(`require 'circular_buffer'\nrequire 'string'\nfunction process_message()\n${body}\ninject_payload('txt', '')\nreturn 0 end`, cfg);
  const r = sb.processMessage(message());
  if (r.status !== 0) throw new Error(r.error);
  return r.injected.length ? decodeMessage(r.injected[0]!).payload : '';
}

/** The error process_message ends with. */
function failure(body: string, cfg: Partial<SandboxConfig> = {}): string {
  const sb = sandbox(`require 'circular_buffer'\nfunction process_message()\n${body}\nreturn 0 end`, cfg);
  const r = sb.processMessage(message());
  expect(r.status).toBe(1);
  return r.error ?? '';
}

const header = (time: number, rows: number, spr: number, columns: [string, string, string][]) =>
  `{"time":${time},"rows":${rows},"columns":${columns.length},"seconds_per_row":${spr},"column_info":[`
  + columns.map(([name, unit, aggregation]) => `{"name":"${name}","unit":"${unit}","aggregation":"${aggregation}"}`).join(',')
  + ']}\n';
const plain = (n: number) => Array.from({ length: n }, (_, i) => [`Column_${i + 1}`, 'count', 'sum'] as [string, string, string]);

describe('require', () => {
  test('returns the module and sets the global, like Heka\'s C modules', () => {
    const sb = sandbox(`local before = circular_buffer
local m = require 'circular_buffer'
function process_message()
  inject_payload('txt', '', tostring(before), ' ', type(m.new), ' ', tostring(rawequal(m, circular_buffer)))
  return 0
end`);
    expect(decodeMessage(sb.processMessage(message()).injected[0]!).payload).toBe('nil function true');
  });
});

describe('cells and the sliding window', () => {
  test('a new buffer is all NaN with the newest row at seconds_per_row·(rows−1)', () => {
    expect(run('local cb = circular_buffer.new(3, 2, 1) add_to_payload(cb:current_time(), "\\n", cb)'))
      .toBe(`2000000000\n${header(0, 3, 1, plain(2))}nan\tnan\nnan\tnan\nnan\tnan\n`);
  });

  test('add sums into the row of the time, advances for newer times and ignores older ones', () => {
    const out = run(`
local cb = circular_buffer.new(3, 2, 60)
add_to_payload(cb:add(601.5e9, 1, 5), ' ', cb:add(601e9, 1, 2.5), ' ', cb:add(540e9, 2, 1), ' ',
  cb:add(480e9, 2, 4), ' ', cb:add(420e9, 1, 1), ' ', cb:get(660e9, 1), ' ', cb:get(479e9, 2), ' ',
  cb:get(540e9, 1), ' ', cb:current_time(), '\\n', cb)
add_to_payload(cb:add(720e9, 2, 3), '\\n', cb)
add_to_payload(cb:add(10000e9, 1, 1), '\\n', cb)`);
    expect(out).toBe(
      `5 7.5 1 4 nil nil nil nan 600000000000\n${header(480, 3, 60, plain(2))}nan\t4\nnan\t1\n7.5\tnan\n`
      + `3\n${header(600, 3, 60, plain(2))}7.5\tnan\nnan\tnan\nnan\t3\n`
      + `1\n${header(9840, 3, 60, plain(2))}nan\tnan\nnan\tnan\n1\tnan\n`);
  });

  test('get never advances; set overwrites; NaN + v = v', () => {
    expect(run(`
local cb = circular_buffer.new(2, 1, 10)
add_to_payload(cb:get(100e9, 1), ' ', cb:current_time(), ' ', cb:set(5e9, 1, 4), ' ', cb:set(5e9, 1, 2), ' ',
  cb:add(5e9, 1, 0/0), ' ', cb:add(12e9, 1, 1), ' ', cb:set(0, 1, 7), ' ', cb:get(0, 1))`))
      .toBe('nil 10000000000 4 2 nan 1 7 7');
  });

  test('headers: names cut to 15 characters and units to 7, other characters become _', () => {
    expect(run(`
local cb = circular_buffer.new(2, 3, 1)
add_to_payload(cb:set_header(1, 'Hits/s total! and more'), ' ', cb:set_header(2, 'ok', 'req/s*x%y'), ' ',
  cb:set_header(3, 'peak', 'B', 'max'), '\\n')
local n, u, a = cb:get_header(2)
add_to_payload(n, ' ', u, ' ', a, '\\n', cb:get_header(1), '\\n')
local r, c, s = cb:get_configuration()
add_to_payload(r, ' ', c, ' ', s, '\\n', cb)`))
      .toBe(`1 2 3\nok req/s*x sum\nHits_s_total__a\n2 3 1\n${header(0, 2, 1, [['Hits_s_total__a', 'count', 'sum'], ['ok', 'req/s*x', 'sum'], ['peak', 'B', 'max']])}nan\tnan\tnan\nnan\tnan\tnan\n`);
  });

  test('set on min and max columns keeps the smaller or larger value; add just adds', () => {
    expect(run(`
local cb = circular_buffer.new(2, 2, 1)
cb:set_header(1, 'low', 'ms', 'min')
cb:set_header(2, 'high', 'ms', 'max')
add_to_payload(cb:set(0, 1, 5), ' ', cb:set(0, 1, 7), ' ', cb:set(0, 1, 3), ' ', cb:set(0, 2, 5), ' ',
  cb:set(0, 2, 3), ' ', cb:set(0, 2, 9), ' ', cb:add(0, 1, 2), ' ', cb:set(1e9, 2, -1))`))
      .toBe('5 5 3 5 5 9 5 -1');
  });
});

describe('compute', () => {
  const values = `
local cb = circular_buffer.new(5, 1, 1)
cb:set(0, 1, 1) cb:set(1e9, 1, 2) cb:set(2e9, 1, 3) cb:set(4e9, 1, -4)
local function show(...) add_to_payload(string.format('%.15g', (select(1, ...))), ' ', select(2, ...), '\\n') end`;

  test('sum, avg, sd, min, max and variance over the non-NaN rows, with the row count', () => {
    expect(run(`${values}
for _, f in ipairs({'sum', 'avg', 'sd', 'min', 'max', 'variance'}) do show(cb:compute(f, 1)) end
show(cb:compute('sum', 1, 1e9, 2e9))
show(cb:compute('max', 1, 3e9, 3e9))
local v, n = cb:compute('sum', 1, -1e9)
add_to_payload(cb:compute('sum', 1, 0, 5e9), ' ', v, ' ', n)`))
      .toBe('2 4\n0.5 4\n2.69258240356725 4\n-4 4\n3 4\n7.25 4\n5 2\nnan 0\nnil nil 0');
  });

  test('an all-NaN range: sum 0, the others NaN; max of negative values is the largest one', () => {
    expect(run(`
local cb = circular_buffer.new(2, 2, 1)
cb:set(0, 2, -5) cb:set(1e9, 2, -2)
for _, f in ipairs({'sum', 'avg', 'sd', 'min', 'max'}) do add_to_payload(cb:compute(f, 1), ' ') end
add_to_payload(cb:compute('max', 2), ' ', (cb:compute('min', 2)))`))
      .toBe('0 nan nan nan nan -2 -5');
  });
});

describe('mannwhitneyu', () => {
  const setup = (a: number[], b: number[]) => `
local cb = circular_buffer.new(${a.length + b.length}, 1, 1)
for i, v in ipairs({${[...a, ...b].join(',')}}) do cb:set((i - 1) * 1e9, 1, v) end
local function show(...) add_to_payload(select('#', ...), ':', string.format('%.15g %.15g', ... or 0, select(2, ...) or 0), '\\n') end
local e1, s2, e2 = ${a.length - 1}e9, ${a.length}e9, ${a.length + b.length - 1}e9`;

  test('U of the first range and the one-sided p-value (normal approximation, tie-corrected)', () => {
    expect(run(`${setup([1, 2, 3, 4, 5], [6, 7, 8, 9, 10])}
show(cb:mannwhitneyu(1, 0, e1, s2, e2))
show(cb:mannwhitneyu(1, 0, e1, s2, e2, false))
show(cb:mannwhitneyu(1, s2, e2, 0, e1))`))
      .toBe('2:0 0.00609289017767241\n2:0 0.00451171940904017\n2:25 0.00609289017767241\n');
    expect(run(`${setup([3, 1, 4, 1, 5], [9, 2, 6, 5, 3])}
show(cb:mannwhitneyu(1, 0, e1, s2, e2))`)).toBe('2:6 0.102951605366034\n');
  });

  test('nothing when all values tie or a range is outside the buffer', () => {
    expect(run(`${setup([2, 2], [2, 2])}
show(cb:mannwhitneyu(1, 0, e1, s2, e2))
show(cb:mannwhitneyu(1, 0, e1, s2, 10e9))`)).toBe('0:0 0\n0:0 0\n');
  });
});

describe('cbufd: the rows changed since the last output', () => {
  test('sum columns give the change, min and max columns the cell; output clears the deltas', () => {
    const head = header(0, 3, 60, [['Column_1', 'count', 'sum'], ['peak', 'B', 'max']]);
    expect(run(`
local cb = circular_buffer.new(3, 2, 60, true)
cb:set_header(2, 'peak', 'B', 'max')
cb:add(60e9, 1, 1) cb:add(60e9, 1, 2) cb:add(125e9, 1, 5) cb:add(60e9, 1, 0)
cb:set(60e9, 2, 7) cb:set(60e9, 2, 4) cb:set(120e9, 2, 9)
add_to_payload(cb:format('cbufd'), '--\\n', cb, '--\\n')
cb:add(120e9, 1, 1)
add_to_payload(cb, '--\\n')
add_to_payload(cb:format('cbuf'))`))
      .toBe(`${head}60\t3\t7\n120\t5\t9\n--\n--\n${head}120\t1\tnan\n--\n${head}nan\tnan\n3\t7\n6\t9\n`);
  });

  test('nothing is emitted without deltas, so inject_payload sends no message', () => {
    const sb = sandbox(`require 'circular_buffer'
local plain = circular_buffer.new(2, 1, 1):format('cbufd')
local tracked = circular_buffer.new(2, 1, 1, true):format('cbufd')
function process_message() plain:add(0, 1, 1) inject_payload('cbufd', 'a', plain) inject_payload('cbufd', 'b', tracked) return 0 end`);
    const r = sb.processMessage(message());
    expect(r.status).toBe(0);
    expect(r.injected).toEqual([]);
  });
});

describe('as payload and as a field', () => {
  test('inject_payload sends the text with the given payload type and name', () => {
    const sb = sandbox(`require 'circular_buffer'
local cb = circular_buffer.new(2, 1, 1)
function timer_event(ns) cb:add(ns, 1, 1) inject_payload('cbuf', 'Graph', cb) end`);
    const r = sb.timerEvent(5_000_000_000n);
    const m = decodeMessage(r.injected[0]!);
    expect(m.payload).toBe(`${header(4, 2, 1, plain(1))}nan\n1\n`);
    expect(m.fields.map((f) => [f.name, f.values[0]])).toEqual([['payload_type', 'cbuf'], ['payload_name', 'Graph']]);
  });

  test('inject_message writes a buffer field as BYTES holding its text', () => {
    const sb = sandbox(`require 'circular_buffer'
local cb = circular_buffer.new(2, 1, 1)
function process_message()
  inject_message({Type = 'graph', Fields = {{name = 'data', value = cb, representation = 'cbuf'}, {name = 'n', value = 1}}})
  return 0
end`);
    const m = decodeMessage(sb.processMessage(message()).injected[0]!);
    const data = m.fields[0]!;
    expect([data.name, data.valueType, data.representation]).toEqual(['data', ValueType.BYTES, 'cbuf']);
    expect(Buffer.from(data.values[0] as Uint8Array).toString()).toBe(`${header(0, 2, 1, plain(1))}nan\nnan\n`);
    expect(m.fields[1]!.values).toEqual([1]);
  });

  test('a text larger than output_limit is a Lua error', () => {
    expect(failure('add_to_payload(circular_buffer.new(100, 10, 1))', { outputLimit: 1000 }))
      .toBe('process_message() test.lua:3: output_limit exceeded');
  });
});

describe('preserve_data', () => {
  const script = `require 'circular_buffer'
cb = circular_buffer.new(2, 2, 60, true)
cb:set_header(1, 'Hits', 'count', 'sum')
same = cb
t = { inner = circular_buffer.new(2, 1, 1) }
function process_message() cb:add(120e9, 1, 0.1) cb:add(120e9, 2, 3) t.inner:add(5e9, 1, 1/3) return 0 end
function timer_event()
  add_to_payload(cb, t.inner, tostring(rawequal(cb, same)))
  add_to_payload(cb:format('cbufd'))
  cb:format('cbuf')
  inject_payload('cbuf', '')
end`;

  test('writes new, set_header and fromstring lines that rebuild each buffer, values and deltas exactly', () => {
    const first = sandbox(script);
    first.processMessage(message());
    const data = Buffer.from(first.preserve()).toString();
    const name = /_G\["(cb|same)"\] == nil/.exec(data)?.[1]; // the first of the two names _G's order reaches
    const other = name === 'cb' ? 'same' : 'cb';
    expect(data).toContain([
      `if _G["${name}"] == nil then _G["${name}"] = circular_buffer.new(2, 2, 60, true) end`,
      `_G["${name}"]:set_header(1, "Hits", "count", "sum")`,
      `_G["${name}"]:set_header(2, "Column_2", "count", "sum")`,
      `_G["${name}"]:fromstring("120 0 0.10000000000000001 3 nan nan 120 0.10000000000000001 3")`,
    ].join('\n'));
    expect(data).toContain(`_G["${other}"] = _G["${name}"]\n`);
    expect(data).toContain('_G["t"]["inner"]:fromstring("5 1 nan 0.33333333333333331")');

    const second = sandbox(script);
    second.restore(Buffer.from(data), 'x.data');
    const payload = (sb: LuaSandbox) => decodeMessage(sb.timerEvent(0).injected[0]!).payload;
    const restored = payload(second);
    expect(restored).toBe(payload(first));
    expect(restored).toContain(`true${header(60, 2, 60, [['Hits', 'count', 'sum'], ['Column_2', 'count', 'sum']])}120\t0.1\t3\n`);
  });

  test('a buffer whose size changed does not restore: the sandbox stops with fromstring\'s error', () => {
    const first = sandbox(script);
    const data = first.preserve();
    const resized = sandbox(script.replace('new(2, 2, 60, true)', 'new(3, 2, 60, true)'));
    expect(() => resized.restore(data, 'x.data')).toThrow('restoring preserved data: x.data:6: fromstring() too few values: 4, expected 6');
  });
});

describe('bad arguments raise Heka\'s errors', () => {
  test.each([
    ['circular_buffer.new(1, 1, 1)', "bad argument #1 to 'new' (rows must be > 1)"],
    ['circular_buffer.new(2, 0, 1)', "bad argument #2 to 'new' (columns must be > 0)"],
    ['circular_buffer.new(2, 1, 0)', "bad argument #3 to 'new' (seconds_per_row is out of range)"],
    ['circular_buffer.new(2, 1, 86401)', "bad argument #3 to 'new' (seconds_per_row is out of range)"],
    ['circular_buffer.new(2, 1)', "bad argument #0 to 'new' (incorrect number of arguments)"],
    ["circular_buffer.new('x', 1, 1)", "bad argument #1 to 'new' (number expected, got string)"],
    ['circular_buffer.new(2, 2, 1):add(0, 3, 1)', "bad argument #2 to 'add' (column out of range)"],
    ['circular_buffer.new(2, 2, 1):get(0, 0)', "bad argument #2 to 'get' (column out of range)"],
    ["circular_buffer.new(2, 2, 1):add(0, 1, 'x')", "bad argument #3 to 'add' (number expected, got string)"],
    ['circular_buffer.new(2, 2, 1):add(0, 1)', "bad argument #-1 to 'add' (incorrect number of arguments)"],
    ['local cb = circular_buffer.new(2, 2, 1) cb.add({}, 0, 1, 1)', "bad argument #1 to 'add' (lsb.circular_buffer expected, got table)"],
    ["circular_buffer.new(2, 2, 1):set_header(1, 'x', 'u', 'avg')", "bad argument #4 to 'set_header' (invalid option 'avg')"],
    ["circular_buffer.new(2, 2, 1):compute('median', 1)", "bad argument #1 to 'compute' (invalid option 'median')"],
    ["circular_buffer.new(2, 2, 1):compute('sum', 1, 2e9, 1e9)", "bad argument #4 to 'compute' (end must be >= start)"],
    ["circular_buffer.new(2, 2, 1):format('json')", "bad argument #1 to 'format' (invalid option 'json')"],
    ['circular_buffer.new(4, 1, 1):mannwhitneyu(1, 0, 1e9, 1e9, 2e9)', "bad argument #3 to 'mannwhitneyu' (ranges must not overlap)"],
    ['circular_buffer.new(4, 1, 1):mannwhitneyu(1, 1e9, 0, 2e9, 3e9)', "bad argument #3 to 'mannwhitneyu' (end_1 must be >= start_1)"],
    ["circular_buffer.new(4, 1, 1):mannwhitneyu(1, 0, 1e9, 2e9, 3e9, 'yes')", "bad argument #6 to 'mannwhitneyu' (use_continuity must be a boolean)"],
    ['circular_buffer.new(4, 1, 1):mannwhitneyu(1, 0, 1e9, 2e9, 3e9, true, 1)', "bad argument #-1 to 'mannwhitneyu' (too many arguments)"],
    ["circular_buffer.new(2, 1, 1):fromstring('garbage')", 'fromstring() invalid time/row'],
    ["circular_buffer.new(2, 1, 1):fromstring('1 0 1 2')", 'fromstring() invalid time/row'],
    ["circular_buffer.new(2, 1, 1):fromstring('0 0 1')", 'fromstring() too few values: 1, expected 2'],
    ["circular_buffer.new(2, 1, 1):fromstring('0 0 1 2 3')", 'fromstring() too many values, more than: 2'],
    ["circular_buffer.new(2, 1, 1, true):fromstring('0 0 1 2 3')", 'fromstring() invalid delta'],
    ["circular_buffer.new(2, 1, 1):fromstring('0 0 1 x')", "fromstring() invalid value: 'x'"],
    ['add_to_payload(function() end)', "bad argument #1 to 'add_to_payload' (unsupported type)"],
  ])('%s', (code, error) => {
    expect(failure(code)).toBe(`process_message() test.lua:3: ${error}`);
  });

  test('a failed fromstring leaves the buffer as it was', () => {
    expect(run(`local cb = circular_buffer.new(2, 1, 1)
cb:set(1e9, 1, 4)
pcall(cb.fromstring, cb, '10 0 1 2 3')
add_to_payload(cb:get(1e9, 1), ' ', cb:current_time())`)).toBe('4 1000000000');
  });
});
