// The shipped graphing filters (http_status, stat_graph, heka_memstat) and the alert encoder,
// run in the sandbox with the shipped modules: what they count, the cbuf payload they send on
// a tick, and the alert an anomaly_config raises.
import { decodeMessage, encodeMessage, Field, Message, ValueType, type FieldValue } from '@heka/core';
import type { LuaSandbox} from '../../sandbox/lua-sandbox.js';
import { SandboxLoadError, type SandboxKind } from '../../sandbox/lua-sandbox.js';
import { destroyCreated, loadShipped } from '../lua-harness.js';

afterEach(destroyCreated);
const load = (path: string, config: Record<string, unknown> = {}, kind: SandboxKind = 'filter'): LuaSandbox => loadShipped(path, config, { kind, logger: 'Graph' });

const S = 1_000_000_000;
type Fields = Record<string, [ValueType, FieldValue]>;
function msg(timestampSec: number, fields: Fields, extra: Partial<ConstructorParameters<typeof Message>[0]> = {}): Uint8Array {
  return encodeMessage(new Message({
    uuid: new Uint8Array(16),
    timestamp: BigInt(timestampSec) * BigInt(S),
    payload: '',
    fields: Object.entries(fields).map(([name, [valueType, value]]) => new Field({ name, valueType, values: [value] })),
    ...extra,
  }));
}

const header = (time: number, rows: number, spr: number, columns: string[][]) =>
  `{"time":${time},"rows":${rows},"columns":${columns.length},"seconds_per_row":${spr},"column_info":[`
  + columns.map(([name, unit, aggregation]) => `{"name":"${name}","unit":"${unit}","aggregation":"${aggregation}"}`).join(',')
  + ']}\n';
const STATUS_COLUMNS = ['HTTP_100', 'HTTP_200', 'HTTP_300', 'HTTP_400', 'HTTP_500', 'HTTP_UNKNOWN'].map((n) => [n, 'count', 'sum']);

/** payload_type, payload_name and payload of an injected heka.sandbox-output message. */
function output(bytes: Uint8Array): [string, string, string] {
  const m = decodeMessage(bytes);
  const field = (name: string) => String(m.fields.find((f) => f.name === name)?.values[0]);
  return [field('payload_type'), field('payload_name'), m.payload];
}

const HOUR = 1_699_999_200; // a whole hour (and minute)

describe('http_status.lua', () => {
  const status = (code: number) => msg(HOUR + 5, { status: [ValueType.DOUBLE, code] });

  test('counts responses per status class in the row of their timestamp and sends the cbuf on a tick', () => {
    const sb = load('filters/http_status.lua', { rows: 3, sec_per_row: 60 });
    for (const code of [200, 200, 404, 503, 101, 302, 999, 50]) expect(sb.processMessage(status(code)).status).toBe(0);
    expect(sb.processMessage(msg(HOUR, { status: [ValueType.STRING, '200'] })).status).toBe(-1);
    expect(sb.processMessage(msg(HOUR, {})).status).toBe(-1);
    const r = sb.timerEvent((HOUR + 30) * S);
    expect(r.injected.map(output)).toEqual([[
      'cbuf', 'HTTP Status',
      `${header(HOUR - 120, 3, 60, STATUS_COLUMNS)}${'nan\t'.repeat(5)}nan\n${'nan\t'.repeat(5)}nan\n1\t2\t1\t1\t1\t2\n`,
    ]]);
  });

  test('defaults: 1440 rows of 60 seconds; the preservation version is one more than configured', () => {
    const sb = load('filters/http_status.lua', { preservation_version: 4 });
    sb.processMessage(status(200));
    const [, , payload] = output(sb.timerEvent((HOUR + 30) * S).injected[0]!);
    expect(payload.startsWith(header(HOUR - 1439 * 60, 1440, 60, STATUS_COLUMNS))).toBe(true);
    expect(payload.split('\n')).toHaveLength(1 + 1440 + 1);
    expect(Buffer.from(sb.preserve()).toString()).toMatch(/^if _PRESERVATION_VERSION and _PRESERVATION_VERSION ~= 5 then return end\n/);
  });

  test('anomaly_config: an alert (payload_type alert) and an annotated cbuf; one detection per row', () => {
    const sb = load('filters/http_status.lua', { rows: 4, sec_per_row: 60, anomaly_config: 'roc("HTTP Status", 2, 1, 0, 1.5, false, true)' });
    sb.processMessage(status(200));
    const tick = (HOUR + 65) * S; // the row after the data's: the data is the last complete row
    const [alert, graph] = sb.timerEvent(tick).injected.map(output);
    expect(alert).toEqual(['alert', '', 'HTTP Status - algorithm: roc col: 2 msg: unexpected data']);
    const [annotations, ...cbuf] = graph![2].split('\n');
    expect(JSON.parse(annotations!)).toEqual({ annotations: [{ x: (HOUR + 60) * 1000, col: 2, shortText: 'A', text: 'unexpected data' }] });
    expect(cbuf.join('\n')).toBe(`${header(HOUR - 120, 4, 60, STATUS_COLUMNS)}${`${'nan\t'.repeat(5)}nan\n`.repeat(2)}nan\t1\tnan\tnan\tnan\tnan\n${'nan\t'.repeat(5)}nan\n`);
    expect(graph!.slice(0, 2)).toEqual(['cbuf', 'HTTP Status']);
    expect(sb.timerEvent(tick + 10 * S).injected.map((m) => output(m)[0])).toEqual(['cbuf']);
  });
});

describe('stat_graph.lua', () => {
  const config = {
    title: 'Hits and Misses', rows: 3, sec_per_row: 10,
    stats: 'stats.counters.hits.count stats.counters.misses.count', stat_labels: 'hits misses',
  };
  const stat = (secs: number, hits?: number, misses?: number) => msg(secs + 3, {
    timestamp: [ValueType.INTEGER, BigInt(secs)],
    ...(hits === undefined ? {} : { 'stats.counters.hits.count': [ValueType.DOUBLE, hits] as [ValueType, FieldValue] }),
    ...(misses === undefined ? {} : { 'stats.counters.misses.count': [ValueType.INTEGER, BigInt(misses)] as [ValueType, FieldValue] }),
  });

  test('adds each stat field at Fields[timestamp] into its column and sends the cbuf named by title', () => {
    const sb = load('filters/stat_graph.lua', config);
    for (const m of [stat(HOUR, 5, 1), stat(HOUR + 5, 2), stat(HOUR + 10, undefined, 4)]) expect(sb.processMessage(m).status).toBe(0);
    expect(sb.processMessage(msg(HOUR, { 'stats.counters.hits.count': [ValueType.DOUBLE, 1] })).status).toBe(-1);
    expect(sb.timerEvent((HOUR + 12) * S).injected.map(output)).toEqual([[
      'cbuf', 'Hits and Misses', `${header(HOUR - 10, 3, 10, [['hits', 'count', 'sum'], ['misses', 'count', 'sum']])}nan\tnan\n7\t1\nnan\t4\n`,
    ]]);
  });

  test('stat_unit and stat_aggregation set the column headers', () => {
    const sb = load('filters/stat_graph.lua', { ...config, stat_unit: 'ms', stat_aggregation: 'max' });
    expect(output(sb.timerEvent(HOUR * S).injected[0]!)[2].split('\n')[0]).toContain('{"name":"hits","unit":"ms","aggregation":"max"}');
  });

  test.each([
    ['no stats', { stats: undefined }, 'stats configuration must be specified'],
    ['no stat_labels', { stat_labels: undefined }, 'stat_labels configuration must be specified'],
    ['fewer labels than stats', { stat_labels: 'hits' }, 'stats and stat_labels configuration must have the same number of items'],
  ])('a bad config stops the filter at load: %s', (_, change, error) => {
    expect(() => load('filters/stat_graph.lua', { ...config, ...change })).toThrow(SandboxLoadError);
    expect(() => load('filters/stat_graph.lua', { ...config, ...change })).toThrow(error);
  });
});

describe('heka_memstat.lua', () => {
  test('keeps the largest heap figures of each row and sends them as the "Stats" cbuf', () => {
    const sb = load('filters/heka_memstat.lua', { rows: 2, sec_per_row: 60 });
    const memstat = (secs: number, heap: number, objects: number) => msg(secs, {
      HeapSys: [ValueType.INTEGER, BigInt(heap * 2)], HeapAlloc: [ValueType.INTEGER, BigInt(heap)], HeapIdle: [ValueType.INTEGER, 10n],
      HeapInuse: [ValueType.INTEGER, BigInt(heap)], HeapReleased: [ValueType.INTEGER, 0n], HeapObjects: [ValueType.INTEGER, BigInt(objects)],
    }, { type: 'heka.memstat', logger: 'hekad' });
    for (const m of [memstat(HOUR + 1, 4096, 30), memstat(HOUR + 20, 2048, 50), memstat(HOUR - 60, 1024, 5)]) {
      expect(sb.processMessage(m).status).toBe(0);
    }
    const columns = ['HeapSys', 'HeapAlloc', 'HeapIdle', 'HeapInuse', 'HeapReleased'].map((n) => [n, 'B', 'max']);
    expect(sb.timerEvent((HOUR + 30) * S).injected.map(output)).toEqual([[
      'cbuf', 'Stats', `${header(HOUR - 60, 2, 60, [...columns, ['HeapObjects', 'count', 'max']])}2048\t1024\t10\t1024\t0\t5\n8192\t4096\t10\t4096\t0\t50\n`,
    ]]);
  });
});

describe('alert.lua (encoder)', () => {
  test('writes Timestamp (UTC), Hostname, Plugin and Alert lines', () => {
    const sb = load('encoders/alert.lua', {}, 'encoder');
    const alert = msg(1_400_077_218, {}, {
      type: 'heka.sandbox-output', logger: 'FxaBrowserIdHTTPStatus', hostname: 'ip-10-226-204-51',
      payload: 'HTTP Status - algorithm: roc col: 1 msg: detected anomaly, standard deviation exceeds 1.5',
    });
    const r = sb.processMessage(alert);
    expect(r.status).toBe(0);
    expect(Buffer.from(r.injected[0]!).toString()).toBe(
      'Timestamp: 2014-05-14T14:20:18Z\nHostname: ip-10-226-204-51\nPlugin: FxaBrowserIdHTTPStatus\n'
      + 'Alert: HTTP Status - algorithm: roc col: 1 msg: detected anomaly, standard deviation exceeds 1.5\n');
  });
});
