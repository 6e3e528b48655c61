import { GO_PARSE_CASES } from './go-time-parse.cases.js';
import { GO_STANDARD_LAYOUTS, GoTimeParseError, isKnownLocation, parseGoTime, parseGoWallTime } from './go-time-parse.js';

/** ns since the epoch of an ISO instant (years 0000–9999). */
function isoNs(iso: string, extraNs = 0): bigint {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$/.exec(iso)!;
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]));
  return BigInt(d.getTime()) * 1_000_000n + BigInt(extraNs);
}

describe('parseGoTime', () => {
  it.each(GO_PARSE_CASES)('$layout ← $value ($location)', (c) => {
    const parse = (): bigint => parseGoTime(c.layout, c.value, c.location);
    if (c.error !== undefined) {
      expect(parse).toThrow(GoTimeParseError);
      expect(parse).toThrow(c.error);
    } else {
      expect(parse()).toBe(isoNs(c.utc!, c.ns));
    }
  });

  it('reads each standard layout back from its reference time', () => {
    const reference: Record<string, string> = {
      'Mon Jan _2 15:04:05 2006': 'Mon Jan  2 15:04:05 2006',
      'Mon Jan _2 15:04:05 MST 2006': 'Mon Jan  2 15:04:05 UTC 2006',
      'Jan _2 15:04:05': 'Jan  2 15:04:05',
      'Jan _2 15:04:05.000': 'Jan  2 15:04:05.000',
      'Jan _2 15:04:05.000000': 'Jan  2 15:04:05.000000',
      'Jan _2 15:04:05.000000000': 'Jan  2 15:04:05.000000000',
    };
    for (const layout of GO_STANDARD_LAYOUTS) {
      const value = reference[layout] ?? layout.replace('MST', 'UTC').replace(/Z07:00$/, 'Z').replace('.999999999', '');
      const t = parseGoWallTime(layout, value);
      expect([layout, t.month, t.day, t.hour % 12, t.minute]).toEqual([layout, 1, layout === '3:04PM' ? 1 : 2, 3, 4]);
    }
  });

  it('knows IANA locations, UTC, Local and the empty name', () => {
    expect(['UTC', '', 'Local', 'Europe/Paris'].map(isKnownLocation)).toEqual([true, true, true, true]);
    expect(isKnownLocation('Mars/Olympus')).toBe(false);
  });
});
