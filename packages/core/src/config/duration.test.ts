import { durationToMs, parseGoDuration } from './duration.js';

describe('parseGoDuration', () => {
  it.each([
    ['0', 0n],
    ['-0', 0n],
    ['1h30m', 5_400_000_000_000n],
    ['250ms', 250_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['+5s', 5_000_000_000n],
    ['1us', 1_000n],
    ['1µs', 1_000n],
    ['1μs', 1_000n],
    ['1ns', 1n],
    ['.5s', 500_000_000n],
    ['1.s', 1_000_000_000n],
    ['1.0000000001s', 1_000_000_000n],
    ['720h', 2_592_000_000_000_000n],
    ['2562047h47m16.854775807s', 9_223_372_036_854_775_807n],
    ['-9223372036854775808ns', -9_223_372_036_854_775_808n],
  ])('reads %s as Go does', (text, ns) => {
    expect(parseGoDuration(text)).toEqual({ ok: true, ns });
  });

  it.each([
    ['', 'invalid duration ""'],
    ['-', 'invalid duration "-"'],
    ['s', 'invalid duration "s"'],
    ['.s', 'invalid duration ".s"'],
    ['1', 'missing unit in duration "1"'],
    ['1d', 'unknown unit "d" in duration "1d"'],
    ['1h 30m', 'unknown unit "h " in duration "1h 30m"'],
    ['2 minutes', 'unknown unit " minutes" in duration "2 minutes"'],
    ['9223372036854775808ns', 'invalid duration "9223372036854775808ns"'],
  ])('refuses %j: %s', (text, reason) => {
    expect(parseGoDuration(text)).toEqual({ ok: false, reason });
  });

  it('converts to milliseconds for timers', () => {
    expect(durationToMs(1_500_000n)).toBe(1.5);
  });
});
