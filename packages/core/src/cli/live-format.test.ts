import { fit, formatCount, formatDuration, formatUptime, sparkline } from './live-format.js';

describe('live view formatting', () => {
  it.each([[0, '0'], [999, '999'], [1000, '1.0k'], [12_345, '12.3k'], [999_999, '1.0M'], [4_500_000, '4.5M'], [2.5, '2.5']])('counts %d as %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it.each([[undefined, '–'], [850, '850ns'], [12_340, '12.3µs'], [4_100_000, '4.1ms'], [2e9, '2.0s']])('durations %s as %s', (ns, text) => {
    expect(formatDuration(ns)).toBe(text);
  });

  it('shows uptime as h:mm:ss, days apart', () => {
    expect(formatUptime(83_000)).toBe('0:01:23');
    expect(formatUptime(2 * 86_400_000 + 3_600_000)).toBe('2d 1:00:00');
  });

  it('scales the sparkline to its peak', () => {
    expect(sparkline([0, 1, 2, 4, 8])).toBe('▁▂▃▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });

  it('pads and cuts to a width', () => {
    expect(fit('abc', 5)).toBe('abc  ');
    expect(fit('abc', 5, 'right')).toBe('  abc');
    expect(fit('LogstreamerInput', 8)).toBe('Logstre…');
  });
});
