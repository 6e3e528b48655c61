import { encodeMessage, Field, Message, ValueType } from '@heka/core';
import { luaEval } from '../lua-harness.js';

const message = encodeMessage(new Message({
  uuid: new Uint8Array(16), timestamp: 1447114573123456789n, type: 'stats', logger: 'my logger', hostname: 'h1', severity: 6,
  fields: [
    new Field({ name: 'cpu.load', valueType: ValueType.DOUBLE, values: [0.5] }),
    new Field({ name: 'count', valueType: ValueType.INTEGER, values: [1n, 7n] }),
    new Field({ name: 'note', valueType: ValueType.STRING, values: ['say "hi"'] }),
  ],
}));
/** The lines for `cfg` (a Lua table constructor), sorted: their order follows Lua's hash order. */
const lines = (fn: 'influxdb_line_msg' | 'carbon_line_msg', cfg: string) =>
  (luaEval(`local lp = require 'ts_line_protocol'
local out = lp.${fn}(lp.set_config(${cfg}))
table.sort(out)
return out`, {}, message) as string[]);

describe('ts_line_protocol', () => {
  test('influxdb_line_msg: base fields as tags by default, floats, quoted strings, ms', () => {
    const tags = 'Hostname=h1,Logger=my\\ logger,Severity=6,Type=stats';
    const out = lines('influxdb_line_msg', '{}');
    // tags follow Lua's hash order: sort them (split at separators not escaped with a backslash)
    const sortedTags = (l: string) => {
      const [head, ...rest] = l.split(/(?<!\\) /);
      const [name, ...t] = head!.split(/(?<!\\),/);
      return [[name, ...t.sort()].join(','), ...rest].join(' ');
    };
    expect(out.map(sortedTags)).toEqual([
      `count,${tags} value=7.000000 1447114573123`,
      `cpu.load,${tags} value=0.500000 1447114573123`,
      `note,${tags} value="say \\"hi\\"" 1447114573123`,
    ]);
  });

  test('options: name prefix with interpolation, skip fields, source_value_field, precision', () => {
    expect(lines('influxdb_line_msg', "{name_prefix = '%{Hostname}', name_prefix_delimiter = '.', skip_fields_str = 'note', tag_fields_str = 'count', decimal_precision = '1', timestamp_precision = 's'}"))
      .toEqual(['h1.count,count=7 value=7.0 1447114573', 'h1.cpu.load,count=7 value=0.5 1447114573']);
    expect(lines('influxdb_line_msg', "{name_prefix = 'load', source_value_field = 'cpu.load', skip_fields_str = '**all_base**', tag_fields_str = 'none'}"))
      .toEqual(['load value=0.500000 1447114573123', 'loadcount value=7.000000 1447114573123', 'loadnote value="say \\"hi\\"" 1447114573123']);
  });

  test('carbon_line_msg: numeric fields only, non-word characters replaced', () => {
    expect(lines('carbon_line_msg', "{carbon_format = true, timestamp_precision = 's', name_prefix = 'web.', skip_fields_str = ''}"))
      .toEqual(['web.count 7 1447114573', 'web.cpu_load 0.5 1447114573']);
  });
});
