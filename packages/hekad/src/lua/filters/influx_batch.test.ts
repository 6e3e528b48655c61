// lua_filters/influx_batch.lua run as hekad runs it: a SandboxFilter built from TOML.
import { Field, Message, ValueType, validateConfigText } from '@heka/core';
import type { ConsumerContext } from '../../pipeline/contracts.js';
import { Pack } from '../../pipeline/pack.js';
import { createRegistry } from '../../plugins/index.js';
import { SandboxFilter, type SandboxFilterInstance } from '../../plugins/filters/sandbox-filter.js';

function batchFilter(config: string): { filter: SandboxFilterInstance; injected: Message[] } {
  const toml = `[B]\ntype = "SandboxFilter"\nfilename = "lua_filters/influx_batch.lua"\nmessage_matcher = "Type == 'stats'"\nticker_interval = 10\n[B.config]\n${config}\n`;
  const result = validateConfigText(toml, createRegistry(), { env: {} });
  expect(result.errors).toEqual([]);
  const section = result.plugins.find((p) => p.plugin === SandboxFilter)!;
  const filter = section.plugin.create!(section.config, section.common, { name: 'B', globals: result.globals }) as SandboxFilterInstance;
  const injected: Message[] = [];
  const context: ConsumerContext = { name: 'B', log: () => undefined, error: () => undefined, inject: (m) => injected.push(m) > 0, encode: () => undefined };
  filter.prepare(context);
  return { filter, injected };
}

const stat = (host: string, load: number, seconds: number) => new Pack(new Message({
  uuid: new Uint8Array(16).fill(1), type: 'stats', hostname: host, timestamp: BigInt(seconds) * 1_000_000_000n,
  fields: [new Field({ name: 'load', valueType: ValueType.DOUBLE, values: [load] })],
}));
const field = (m: Message, name: string) => m.fields.find((f) => f.name === name)?.values[0];

describe('influx_batch.lua', () => {
  test('gathers the lines of every message and sends them on the tick, nothing on an empty tick', () => {
    const { filter, injected } = batchFilter('skip_fields = "**all_base**"\ntag_fields = "Hostname"\ntimestamp_precision = "s"');
    filter.processMessage(stat('a', 0.5, 100));
    filter.processMessage(stat('b', 1.25, 101));
    expect(injected).toHaveLength(0);
    filter.timerEvent(1n);
    filter.timerEvent(2n);
    expect(injected).toHaveLength(1);
    expect(injected[0]!.payload).toBe('load,Hostname=a value=0.500000 100\nload,Hostname=b value=1.250000 101\n');
    expect([injected[0]!.type, field(injected[0]!, 'payload_type'), field(injected[0]!, 'payload_name')]).toEqual(['heka.sandbox-output', 'txt', 'influx_line']);
  });

  test('flush_count sends a batch every N messages', () => {
    const { filter, injected } = batchFilter('tag_fields = "none"\nflush_count = 2');
    for (let i = 1; i <= 5; i++) filter.processMessage(stat('a', i, i));
    expect(injected.map((m) => m.payload)).toEqual([
      'load value=1.000000 1000\nload value=2.000000 2000\n',
      'load value=3.000000 3000\nload value=4.000000 4000\n',
    ]);
    filter.timerEvent(1n);
    expect(injected[2]!.payload).toBe('load value=5.000000 5000\n');
  });
});
