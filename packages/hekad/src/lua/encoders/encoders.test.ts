// The shipped Lua encoders (lua_encoders/ of the package's share_dir), run as hekad runs them:
// a SandboxEncoder built from TOML, encoding messages into the bytes an output writes.
import { Field, Message, ValueType, validateConfigText } from '@heka/core';
import { Pack } from '../../pipeline/pack.js';
import { createRegistry } from '../../plugins/index.js';
import { SandboxEncoder, type SandboxEncoderInstance } from '../../plugins/encoders/sandbox-encoder.js';

/** A SandboxEncoder of lua_encoders/<script>, with `config` as its [E.config] TOML lines. */
function encoder(script: string, config = ''): SandboxEncoderInstance {
  const result = validateConfigText(`[E]\ntype = "SandboxEncoder"\nfilename = "lua_encoders/${script}"\n[E.config]\n${config}\n`, createRegistry(), { env: {} });
  expect(result.errors).toEqual([]);
  const section = result.plugins.find((p) => p.plugin === SandboxEncoder)!;
  return section.plugin.create!(section.config, section.common, { name: 'E', globals: result.globals }) as SandboxEncoderInstance;
}

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const NS = 1447114573123456789n; // 2015-11-10T00:16:13.123456789Z

const statmetric = () => new Message({
  type: 'heka.statmetric', timestamp: NS, hostname: 'h1',
  fields: [
    new Field({ name: 'stats.counters.000000.rate', valueType: ValueType.DOUBLE, values: [78271] }),
    new Field({ name: 'stats.timers.000001.mean', valueType: ValueType.DOUBLE, values: [513.07985074627] }),
    new Field({ name: 'timestamp', valueType: ValueType.INTEGER, values: [1408404848n] }),
    new Field({ name: 'raw', valueType: ValueType.BYTES, values: [Buffer.from('xx')] }),
    new Field({ name: 'stats.statsd.numStats', valueType: ValueType.INTEGER, values: [2n] }),
  ],
});

describe('statmetric_influx.lua', () => {
  test('one InfluxDB 0.8 series per stat field, time in ms, timestamp and BYTES fields left out', () => {
    const out = text(encoder('statmetric_influx.lua').encode(new Pack(statmetric())));
    expect(JSON.parse(out)).toEqual([
      { name: 'stats.counters.000000.rate', columns: ['time', 'value'], points: [[1408404848000, 78271]] },
      { name: 'stats.timers.000001.mean', columns: ['time', 'value'], points: [[1408404848000, 513.07985074627]] },
      { name: 'stats.statsd.numStats', columns: ['time', 'value'], points: [[1408404848000, 2]] },
    ]);
    expect(out).toContain('"points":[[1408404848000,513.07985074627]]');
  });

  test('a message without Fields[timestamp] is refused', () => {
    expect(() => encoder('statmetric_influx.lua').encode(new Pack(new Message({ payload: 'x' })))).toThrow('Failed serializing: ');
  });
});

const loadavg = () => new Message({
  uuid: new Uint8Array(16).fill(7), type: 'stats.loadavg', timestamp: NS, hostname: 'myhost', logger: 'Load Avg', severity: 7,
  fields: [
    new Field({ name: '1MinAvg', valueType: ValueType.DOUBLE, values: [0.11] }),
    new Field({ name: '5MinAvg', valueType: ValueType.DOUBLE, values: [0.17] }),
    new Field({ name: 'Environment', valueType: ValueType.STRING, values: ['dev'] }),
    new Field({ name: 'NumProcesses', valueType: ValueType.INTEGER, values: [301n] }),
  ],
});
/** The lines of the output, sorted (their order follows Lua's hash order, as in Heka). */
const sortedLines = (out: string) => {
  expect(out.endsWith('\n')).toBe(true);
  return out.slice(0, -1).split('\n').sort();
};

/** A line with its tags sorted (split where a space or comma is not escaped). */
const sortedTags = (line: string) => {
  const [head, ...rest] = line.split(/(?<!\\) /);
  const [name, ...tags] = head!.split(/(?<!\\),/);
  return [[name, ...tags.sort()].join(','), ...rest].join(' ');
};

describe('schema_influx_line.lua', () => {
  test('Heka\'s documented example: skip and tag fields, seconds', () => {
    const e = encoder('schema_influx_line.lua', 'skip_fields = "**all_base** NumProcesses Environment"\ntag_fields = "Hostname Environment"\ntimestamp_precision = "s"');
    expect(sortedLines(text(e.encode(new Pack(loadavg())))).map(sortedTags)).toEqual([
      '1MinAvg,Environment=dev,Hostname=myhost value=0.110000 1447114573',
      '5MinAvg,Environment=dev,Hostname=myhost value=0.170000 1447114573',
    ]);
  });

  test('defaults: every field a point, base fields as tags, strings quoted, ms', () => {
    const lines = sortedLines(text(encoder('schema_influx_line.lua').encode(new Pack(loadavg())))).map(sortedTags);
    const tags = 'Hostname=myhost,Logger=Load\\ Avg,Severity=7,Type=stats.loadavg';
    expect(lines).toEqual([
      `1MinAvg,${tags} value=0.110000 1447114573123`,
      `5MinAvg,${tags} value=0.170000 1447114573123`,
      `Environment,${tags} value="dev" 1447114573123`,
      `NumProcesses,${tags} value=301.000000 1447114573123`,
    ]);
  });

  test('name_prefix with interpolation, a delimiter, precision and value key', () => {
    const e = encoder('schema_influx_line.lua', 'name_prefix = "%{Hostname}"\nname_prefix_delimiter = "."\nskip_fields = "Environment"\ntag_fields = "none"\ndecimal_precision = "2"\nvalue_field_key = "v"\ntimestamp_precision = "m"');
    expect(sortedLines(text(e.encode(new Pack(loadavg()))))).toEqual([
      'myhost.1MinAvg v=0.11 24118576', 'myhost.5MinAvg v=0.17 24118576', 'myhost.NumProcesses v=301.00 24118576',
    ]);
  });
});

describe('es_payload.lua', () => {
  const doc = () => new Message({ type: 'mytype', logger: 'mylogger', hostname: 'host.domain.com', timestamp: NS, payload: '{"json":"data"}' });

  test('prepends the bulk index line to the payload, with interpolation and the message time', () => {
    const e = encoder('es_payload.lua', 'es_index_from_timestamp = true\nindex = "%{Logger}-%{%Y.%m.%d}"\ntype_name = "%{Type}-%{Hostname}"\nid = "%{Logger}"');
    expect(text(e.encode(new Pack(doc())))).toBe('{"index":{"_index":"mylogger-2015.11.10","_type":"mytype-host.domain.com","_id":"mylogger"}}\n{"json":"data"}\n');
  });

  test('defaults: index heka-<today>, type message; a payload ending in a newline gets no second one', () => {
    const m = doc();
    m.payload = 'line\n';
    const today = new Date().toISOString().slice(0, 10).replace(/-/g, '.');
    const out = text(encoder('es_payload.lua').encode(new Pack(m)));
    expect([`{"index":{"_index":"heka-${today}","_type":"message"}}\nline\n`, `{"index":{"_type":"message","_index":"heka-${today}"}}\nline\n`]).toContain(out);
  });
});
