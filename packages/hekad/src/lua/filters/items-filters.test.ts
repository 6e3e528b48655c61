// The shipped counting filters frequent_items.lua and unique_items.lua, run in the sandbox as a
// SandboxFilter runs them: what they keep per message, the payload they send on a tick, their
// day boundaries, config errors and preserve_data.
import { decodeMessage, encodeMessage, Field, Message, ValueType, type FieldValue } from '@heka/core';
import type { LuaSandbox} from '../../sandbox/lua-sandbox.js';
import { SandboxLoadError } from '../../sandbox/lua-sandbox.js';
import { destroyCreated, loadShipped } from '../lua-harness.js';

afterEach(destroyCreated);
const load = (path: string, config: Record<string, unknown>): LuaSandbox => loadShipped(path, config, { logger: 'Items' });

const DAY = 86_400;
const S = 1_000_000_000;
const DAY0 = 19_700; // a UTC day number (2023-12-09)
function msg(seconds: number, fields: Record<string, [ValueType, FieldValue]>, hostname = 'web1'): Uint8Array {
  return encodeMessage(new Message({
    uuid: new Uint8Array(16), timestamp: BigInt(seconds) * BigInt(S), payload: '', hostname,
    fields: Object.entries(fields).map(([name, [valueType, value]]) => new Field({ name, valueType, values: [value] })),
  }));
}
const addr = (seconds: number, a: string) => msg(seconds, { remote_addr: [ValueType.STRING, a] });

/** payload_type, payload_name and payload of each message a tick injected. */
function tick(sb: LuaSandbox, ns = 0): [string, string, string][] {
  const r = sb.timerEvent(ns);
  expect(r.status).toBe(0);
  return r.injected.map((bytes) => {
    const m = decodeMessage(bytes);
    const field = (name: string) => String(m.fields.find((f) => f.name === name)?.values[0]);
    return [field('payload_type'), field('payload_name'), m.payload];
  });
}

/** Feeds each [value, times] pair in turn, all at `seconds`; every call must succeed. */
function feed(sb: LuaSandbox, seconds: number, values: [string, number][]): void {
  for (const [value, times] of values) {
    for (let i = 0; i < times; i++) expect(sb.processMessage(addr(seconds, value)).status).toBe(0);
  }
}

/** The tsv lines below the header, sorted (Lua's table order is not part of the format). */
const rows = (payload: string) => payload.split('\n').slice(1, -1).sort();

describe('frequent_items.lua', () => {
  const T = DAY0 * DAY + 3600;

  test('sends the values weighing more than min_output_weight as tsv on a tick', () => {
    const sb = load('filters/frequent_items.lua', { message_variable: 'Fields[remote_addr]' });
    feed(sb, T, [['10.0.0.1', 150], ['10.0.0.2', 101], ['10.0.0.3', 100], ['10.0.0.4', 5]]);
    const [[type, name, payload]] = tick(sb) as [[string, string, string]];
    expect([type, name]).toEqual(['tsv', 'Weighting by Fields[remote_addr]']);
    expect(payload.startsWith('Fields[remote_addr]\tWeight\n')).toBe(true);
    expect(rows(payload)).toEqual(['10.0.0.1\t150', '10.0.0.2\t101']);
  });

  test('one value above the threshold: the exact payload; a tick sends even when nothing qualifies', () => {
    const sb = load('filters/frequent_items.lua', { message_variable: 'Fields[remote_addr]', min_output_weight: 2 });
    feed(sb, T, [['a', 3], ['b', 2]]);
    expect(tick(sb)).toEqual([['tsv', 'Weighting by Fields[remote_addr]', 'Fields[remote_addr]\tWeight\na\t3\n']]);
    const empty = load('filters/frequent_items.lua', { message_variable: 'Hostname' });
    expect(tick(empty)).toEqual([['tsv', 'Weighting by Hostname', 'Hostname\tWeight\n']]);
  });

  test('a full sample lowers every weight instead of taking the newcomer; values at zero leave', () => {
    const sb = load('filters/frequent_items.lua', { message_variable: 'Fields[remote_addr]', max_items: 2, min_output_weight: 0 });
    feed(sb, T, [['a', 3], ['b', 1], ['c', 1]]); // c finds the sample full: a 3→2, b 1→gone
    expect(rows(tick(sb)[0]![2])).toEqual(['a\t2']);
    feed(sb, T, [['c', 1], ['d', 1]]); // c has room now; d finds it full again: a 2→1, c gone
    expect(rows(tick(sb)[0]![2])).toEqual(['a\t1']);
  });

  test('numbers count as values and print as Lua prints them', () => {
    const sb = load('filters/frequent_items.lua', { message_variable: 'Fields[status]', min_output_weight: 1 });
    for (const code of [200, 200, 404, 200, 404, 500]) expect(sb.processMessage(msg(T, { status: [ValueType.DOUBLE, code] })).status).toBe(0);
    expect(rows(tick(sb)[0]![2])).toEqual(['200\t3', '404\t2']);
  });

  test('starts over on the first message of a later UTC day (reset_days); older messages are ignored', () => {
    const sb = load('filters/frequent_items.lua', { message_variable: 'Fields[remote_addr]', min_output_weight: 0, reset_days: 2 });
    feed(sb, T, [['a', 2]]);
    feed(sb, T + DAY, [['b', 1]]); // one day later: same period
    expect(rows(tick(sb)[0]![2])).toEqual(['a\t2', 'b\t1']);
    feed(sb, T + 2 * DAY, [['c', 1]]); // two days later: a new period
    expect(rows(tick(sb)[0]![2])).toEqual(['c\t1']);
    expect(sb.processMessage(addr(T, 'a')).status).toBe(0); // from the previous period: dropped
    expect(rows(tick(sb)[0]![2])).toEqual(['c\t1']);
  });

  test('reset_days = 0 never starts over', () => {
    const sb = load('filters/frequent_items.lua', { message_variable: 'Fields[remote_addr]', min_output_weight: 0, reset_days: 0 });
    feed(sb, T, [['a', 1]]);
    feed(sb, T + 400 * DAY, [['a', 1]]);
    feed(sb, T - 400 * DAY, [['a', 1]]);
    expect(rows(tick(sb)[0]![2])).toEqual(['a\t3']);
  });

  test('a message without the variable fails (-1) and changes nothing', () => {
    const sb = load('filters/frequent_items.lua', { message_variable: 'Fields[remote_addr]', min_output_weight: 0 });
    expect(sb.processMessage(msg(T, {})).status).toBe(-1);
    expect(rows(tick(sb)[0]![2])).toEqual([]);
  });

  test('preserve_data keeps the sample and the period across a restart', () => {
    const config = { message_variable: 'Fields[remote_addr]', min_output_weight: 0 };
    const first = load('filters/frequent_items.lua', config);
    feed(first, T, [['a', 4], ['b', 1]]);
    const second = load('filters/frequent_items.lua', config);
    second.restore(first.preserve(), 'items.data');
    feed(second, T, [['b', 1]]);
    expect(rows(tick(second)[0]![2])).toEqual(['a\t4', 'b\t2']);
    expect(second.processMessage(addr(T - DAY, 'a')).status).toBe(0); // still too old after the restart
    expect(rows(tick(second)[0]![2])).toEqual(['a\t4', 'b\t2']);
  });

  test.each([
    [{}, 'message_variable configuration must be specified'],
    [{ message_variable: 3 }, 'message_variable must be a string such as "Fields[remote_addr]"'],
    [{ message_variable: 'Type', max_items: 'many' }, 'max_items must be a whole number >= 1, got many'],
    [{ message_variable: 'Type', max_items: 0 }, 'max_items must be a whole number >= 1, got 0'],
    [{ message_variable: 'Type', min_output_weight: 1.5 }, 'min_output_weight must be a whole number >= 0, got 1.5'],
    [{ message_variable: 'Type', reset_days: -1 }, 'reset_days must be a whole number >= 0, got -1'],
  ])('config %j is refused: %s', (config, error) => {
    expect(() => load('filters/frequent_items.lua', config)).toThrow(SandboxLoadError);
    expect(() => load('filters/frequent_items.lua', config)).toThrow(error);
  });
});

describe('unique_items.lua', () => {
  const T = DAY0 * DAY + 7200;
  const uid = (seconds: number, u: string | number | boolean) =>
    msg(seconds, { uid: [typeof u === 'string' ? ValueType.STRING : typeof u === 'number' ? ValueType.DOUBLE : ValueType.BOOL, u] });
  const header = (newestDay: number, name: string) =>
    `{"time":${(newestDay - 364) * DAY},"rows":365,"columns":1,"seconds_per_row":${DAY},"column_info":[{"name":"${name}","unit":"count","aggregation":"sum"}]}\n`;
  /** A cbuf payload's rows, oldest first, as text. */
  const cbufRows = (payload: string) => payload.split('\n').slice(1, -1);

  test('the estimated distinct values of the day go into that day\'s row of a 365-day cbuf, sent on a tick', () => {
    const sb = load('filters/unique_items.lua', { message_variable: 'Fields[uid]' });
    for (const u of ['u1', 'u2', 'u3', 'u1', 'u2', 'u4', 'u5', 'u1']) expect(sb.processMessage(uid(T, u)).status).toBe(0);
    const out = tick(sb);
    expect(out).toHaveLength(1);
    const [type, name, payload] = out[0]!;
    expect([type, name]).toEqual(['cbuf', 'Estimated Unique Daily Fields[uid]']);
    expect(payload.startsWith(header(DAY0, 'uid'))).toBe(true);
    const days = cbufRows(payload);
    expect(days).toHaveLength(365);
    expect(days.slice(-2)).toEqual(['nan', '5']);
  });

  test('a new UTC day starts a new count in the next row; messages of earlier days are ignored', () => {
    const sb = load('filters/unique_items.lua', { message_variable: 'Fields[uid]', title: 'Active Users' });
    for (const u of ['a', 'b', 'c']) sb.processMessage(uid(T, u));
    for (const u of ['a', 'd']) sb.processMessage(uid(T + DAY, u));
    expect(sb.processMessage(uid(T, 'e')).status).toBe(0); // yesterday: ignored
    const [[, name, payload]] = tick(sb) as [[string, string, string]];
    expect(name).toBe('Active Users');
    expect(payload.startsWith(header(DAY0 + 1, 'uid'))).toBe(true);
    expect(cbufRows(payload).slice(-3)).toEqual(['nan', '3', '2']);
  });

  test('numbers are values too; a missing or boolean value fails (-1)', () => {
    const sb = load('filters/unique_items.lua', { message_variable: 'Fields[uid]' });
    for (const u of [7, 8, 7, '7']) expect(sb.processMessage(uid(T, u)).status).toBe(0); // the number 7 and the string "7" differ
    expect(sb.processMessage(uid(T, true)).status).toBe(-1);
    expect(sb.processMessage(msg(T, {})).status).toBe(-1);
    expect(cbufRows(tick(sb)[0]![2]).at(-1)).toBe('3');
  });

  test('a header variable names the column as it is', () => {
    const sb = load('filters/unique_items.lua', { message_variable: 'Hostname' });
    for (const h of ['web1', 'web2', 'web1']) sb.processMessage(msg(T, {}, h));
    const [[, name, payload]] = tick(sb) as [[string, string, string]];
    expect(name).toBe('Estimated Unique Daily Hostname');
    expect(payload.startsWith(header(DAY0, 'Hostname'))).toBe(true);
    expect(cbufRows(payload).at(-1)).toBe('2');
  });

  test('enable_delta also sends the cbufd deltas of the rows changed since the last tick', () => {
    const sb = load('filters/unique_items.lua', { message_variable: 'Fields[uid]', enable_delta: true });
    for (const u of ['a', 'b']) sb.processMessage(uid(T, u));
    const out = tick(sb);
    expect(out.map(([type, name]) => [type, name])).toEqual([
      ['cbuf', 'Estimated Unique Daily Fields[uid]'], ['cbufd', 'Estimated Unique Daily Fields[uid]'],
    ]);
    expect(out[1]![2]).toBe(`${header(DAY0, 'uid')}${DAY0 * DAY}\t2\n`);
    expect(tick(sb).map(([type]) => type)).toEqual(['cbuf']); // no new deltas: no cbufd message
  });

  test('preserve_data keeps the day\'s hyperloglog: values seen before the restart are not counted again', () => {
    const config = { message_variable: 'Fields[uid]' };
    const first = load('filters/unique_items.lua', config);
    for (const u of ['a', 'b', 'c']) first.processMessage(uid(T, u));
    const data = Buffer.from(first.preserve());
    expect(data.toString('latin1')).toContain('_G["hll"]:fromstring("HYLL');
    const second = load('filters/unique_items.lua', config);
    second.restore(data, 'unique.data');
    for (const u of ['a', 'c', 'd']) second.processMessage(uid(T, u));
    expect(cbufRows(tick(second)[0]![2]).at(-1)).toBe('4');
  });

  test('a changed preservation_version starts afresh', () => {
    const first = load('filters/unique_items.lua', { message_variable: 'Fields[uid]' });
    for (const u of ['a', 'b', 'c']) first.processMessage(uid(T, u));
    const second = load('filters/unique_items.lua', { message_variable: 'Fields[uid]', preservation_version: 1 });
    second.restore(first.preserve(), 'unique.data');
    second.processMessage(uid(T, 'a'));
    expect(cbufRows(tick(second)[0]![2]).at(-1)).toBe('1');
  });

  test.each([
    [{}, 'message_variable configuration must be specified'],
    [{ message_variable: true }, 'message_variable must be a string such as "Fields[uid]"'],
    [{ message_variable: 'Fields[uid]', enable_delta: 'yes' }, 'enable_delta must be a boolean, got yes'],
    [{ message_variable: 'Fields[uid]', title: 5 }, 'title must be a string, got 5'],
    [{ message_variable: 'Fields[uid]', preservation_version: 'two' }, 'preservation_version must be a number, got two'],
  ])('config %j is refused: %s', (config, error) => {
    expect(() => load('filters/unique_items.lua', config)).toThrow(SandboxLoadError);
    expect(() => load('filters/unique_items.lua', config)).toThrow(error);
  });
});
