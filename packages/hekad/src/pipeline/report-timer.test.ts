import { compileMatcher, ValueType, type Message } from '@heka/core';
import { heapFigures, memstatMessage } from './report-messages.js';
import { startReportTimer, wantsReports } from './report-timer.js';

const deps = { payload: () => '{"globals":[]}\n', hostname: 'box' };
const wants = (...expressions: string[]) => wantsReports(expressions.map((e) => compileMatcher(e)), deps);

describe('wantsReports', () => {
  it.each([
    ["Type == 'heka.all-report'", true],
    ["Type == 'heka.memstat' && Fields[HeapAlloc] > 0", true],
    ["Type =~ /^heka\\./ && Logger == 'hekad'", true],
    ['TRUE', false],
    ["Type != 'logfile'", false],
    ["Logger == 'hekad'", false],
    ["Type == 'logfile'", false],
  ])('%s → %s', (expression, expected) => {
    expect(wants(expression)).toBe(expected);
  });

  it('is true when any one of several matchers asks', () => {
    expect(wants('TRUE', "Type == 'heka.memstat'")).toBe(true);
  });
});

describe('memstat', () => {
  it('keeps Go\'s invariants: HeapSys = HeapIdle + HeapInuse, HeapAlloc ≤ HeapInuse', () => {
    const h = heapFigures();
    expect(h.HeapSys).toBe(h.HeapIdle + h.HeapInuse);
    expect(h.HeapAlloc).toBeLessThanOrEqual(h.HeapInuse);
    expect(h.HeapInuse).toBeGreaterThan(0);
    expect(h.HeapReleased).toBeGreaterThanOrEqual(0);
  });

  it('is a hekad message with six INTEGER fields in Heka\'s order and representations', () => {
    const m = memstatMessage({ HeapSys: 10, HeapAlloc: 4, HeapIdle: 5, HeapInuse: 5, HeapReleased: 1, HeapObjects: 0 }, 'box');
    expect([m.type, m.logger, m.hostname, m.pid]).toEqual(['heka.memstat', 'hekad', 'box', process.pid]);
    expect(m.fields.map((f) => [f.name, f.valueType, f.representation, f.values])).toEqual([
      ['HeapSys', ValueType.INTEGER, 'B', [10n]],
      ['HeapAlloc', ValueType.INTEGER, 'B', [4n]],
      ['HeapIdle', ValueType.INTEGER, 'B', [5n]],
      ['HeapInuse', ValueType.INTEGER, 'B', [5n]],
      ['HeapReleased', ValueType.INTEGER, 'B', [1n]],
      ['HeapObjects', ValueType.INTEGER, 'count', [0n]],
    ]);
  });
});

describe('startReportTimer', () => {
  it('routes an all-report then a memstat each interval, and skips a tick while the router holds one', async () => {
    const routed: Message[] = [];
    let release: (() => void) | undefined;
    const stop = startReportTimer({
      ...deps, intervalMs: 20,
      route: (m) => {
        routed.push(m);
        // The first all-report waits for the router, like a full queue.
        return routed.length === 1 ? new Promise<void>((r) => { release = r; }) : undefined;
      },
    });
    await new Promise((r) => setTimeout(r, 120));
    expect(routed.map((m) => m.type)).toEqual(['heka.all-report']);
    release!();
    await new Promise((r) => setTimeout(r, 100));
    stop();
    const types = routed.map((m) => m.type);
    expect(types.slice(0, 4)).toEqual(['heka.all-report', 'heka.memstat', 'heka.all-report', 'heka.memstat']);
    expect(routed[0]!.payload).toBe('{"globals":[]}\n');
    const count = routed.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(routed.length).toBe(count);
  });
});
