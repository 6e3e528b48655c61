import { isTimeZone, wallClockIn } from './zone-time.js';

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;

describe('wallClockIn', () => {
  test('re-reads a UTC wall-clock time in the zone, daylight saving included', () => {
    expect(wallClockIn(ns('2014-02-10T12:58:58Z'), 'America/Los_Angeles')).toBe(ns('2014-02-10T20:58:58Z'));
    expect(wallClockIn(ns('2014-07-10T12:58:58Z'), 'America/Los_Angeles')).toBe(ns('2014-07-10T19:58:58Z'));
    expect(wallClockIn(ns('2014-07-10T12:58:58Z') + 123n, 'Asia/Kolkata')).toBe(ns('2014-07-10T07:28:58Z') + 123n);
    expect(wallClockIn(ns('2014-07-10T12:58:58Z'), 'UTC')).toBe(ns('2014-07-10T12:58:58Z'));
  });

  test('knows zone names', () => {
    expect(isTimeZone('Europe/Paris')).toBe(true);
    expect(isTimeZone('Local')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
