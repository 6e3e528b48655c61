import { validateConfigText, type Message } from '@heka/core';
import type { ConsumerContext } from '../../pipeline/contracts.js';
import { createRegistry } from '../index.js';
import { COUNTER_CASES } from './counter-filter.cases.js';
import { CounterFilter, CounterFilterInstance } from './counter-filter.js';

const S = 1_000_000_000n;
const START = 1_700_000_000n * S;

function fakeContext(injected: Message[]): ConsumerContext {
  return {
    name: 'counter',
    log: () => undefined,
    error: () => undefined,
    inject: (m) => injected.push(m) > 0,
    encode: () => undefined,
  };
}

describe('CounterFilter', () => {
  it.each(COUNTER_CASES)('$name', ({ steps }) => {
    const injected: Message[] = [];
    const filter = new CounterFilterInstance('host-1', START);
    filter.prepare(fakeContext(injected));
    for (const step of steps) {
      injected.length = 0;
      for (let i = 0; i < step.messages; i++) filter.processMessage();
      filter.timerEvent(START + BigInt(step.at) * S);
      expect(injected.map((m) => m.payload)).toEqual(step.injected);
    }
  });

  it('injects heka.counter-output messages from the filter, with the host name', () => {
    const injected: Message[] = [];
    const filter = new CounterFilterInstance('host-1', START);
    filter.prepare(fakeContext(injected));
    filter.processMessage();
    filter.timerEvent(START + S);
    expect(injected).toHaveLength(1);
    expect(injected[0]).toMatchObject({ type: 'heka.counter-output', logger: 'counter', hostname: 'host-1', severity: 7 });
    expect(injected[0]?.uuid).toHaveLength(16);
    expect(filter.report()).toEqual([{ name: 'Count', value: 1, representation: 'count' }]);
  });

  it('defaults: every 5 s, every message but its own output', () => {
    const result = validateConfigText('[CounterFilter]\n', createRegistry(), { env: {} });
    expect(result.errors).toEqual([]);
    const counter = result.plugins.find((p) => p.plugin === CounterFilter);
    expect(counter?.common).toMatchObject({ ticker_interval: 5, message_matcher: "Type != 'heka.counter-output'" });
    expect(counter?.plugin.create?.(counter.config, counter.common, { name: 'CounterFilter', globals: result.globals })).toBeInstanceOf(CounterFilterInstance);
  });
});
