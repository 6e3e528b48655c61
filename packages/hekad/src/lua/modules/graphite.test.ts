import { luaEval } from '../lua-harness.js';

const g = (expr: string) => luaEval(`local g = require 'graphite'\n${expr}`);

describe('graphite', () => {
  test('count_rate and multi_counts_rates', () => {
    expect(g("return g.count_rate('hits', 30, 10, 1500000000)")).toBe('stats.counters.hits.count 30 1500000000\nstats.counters.hits.rate 3.000000 1500000000\n');
    expect(g("return g.multi_counts_rates({a = 5}, 5, 7)")).toBe('stats.counters.a.count 5 7\nstats.counters.a.rate 1.000000 7\n');
  });

  test('timeseries_metrics: the StatAccumInput timer maths', () => {
    // 10 values, 90th percentile: the lowest 9 give mean_90 = 5 and upper_90 = 9
    expect(g("return g.timeseries_metrics('t', {10, 1, 9, 2, 8, 3, 7, 4, 6, 5}, 10, 90, 100)")).toBe([
      'stats.timers.t.count 10 100', 'stats.timers.t.count_ps 1.000000 100', 'stats.timers.t.lower 1.000000 100',
      'stats.timers.t.upper 10.000000 100', 'stats.timers.t.sum 55.000000 100', 'stats.timers.t.mean 5.500000 100',
      'stats.timers.t.mean_90 5.000000 100', 'stats.timers.t.upper_90 9.000000 100', '',
    ].join('\n'));
    expect(g("return g.timeseries_metrics('e', {}, 10, 90, 1)")).toMatch(/^stats\.timers\.e\.count 0 1\n(.*0\.000000 1\n){7}$/);
    expect(g("return g.multi_timeseries_metrics({one = {4}}, 2, 50, 9)")).toContain('stats.timers.one.mean_50 4.000000 9\n');
  });

  test('ns_to_sec', () => {
    expect(g('return g.ns_to_sec(1500000000999999999)')).toBe(1500000001); // the double rounds up first, as in Heka
    expect(g('return g.ns_to_sec(1500000000900000000)')).toBe(1500000000);
  });
});
