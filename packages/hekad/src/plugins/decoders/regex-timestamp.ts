// PayloadRegexDecoder's Timestamp capture: the configured layout, then Go's standard layouts;
// Epoch layouts; a time without a year (or without a date) lands in the current year (or today).
import { GO_STANDARD_LAYOUTS, goWallTimeToNs, nowNs, parseGoWallTime, zonedTime, type GoWallTime } from '@heka/core';

const EPOCH_UNITS: Readonly<Record<string, number>> = { Epoch: 0, EpochMilli: 3, EpochMicro: 6, EpochNano: 9 };

/** ns since the epoch of a decimal number of seconds (ms, µs, ns); exact, unlike Heka's float. */
function parseEpoch(value: string, digitsBelowSecond: number): bigint | undefined {
  const m = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(value);
  if (m === null) return undefined;
  const scale = 9 - digitsBelowSecond;
  const whole = BigInt(m[2]!) * 10n ** BigInt(scale);
  const fraction = BigInt((m[3] ?? '').slice(0, scale).padEnd(scale, '0') || '0');
  const ns = whole + fraction;
  return m[1] === '-' ? -ns : ns;
}

function wallTime(layout: string, value: string): GoWallTime | undefined {
  for (const l of [layout, ...GO_STANDARD_LAYOUTS]) {
    try {
      return parseGoWallTime(l, value);
    } catch {
      // Heka tries the next standard layout.
    }
  }
  return undefined;
}

/** Heka's year-0 rule, on the wall clock so the location's offset is that of the final date. */
function inCurrentYear(t: GoWallTime, location: string): GoWallTime {
  if (t.year !== 0) return t;
  const today = zonedTime(nowNs(), location === 'Local' ? undefined : location === '' ? 'UTC' : location);
  const dateless = t.month === 1 && t.day === 1;
  const d = new Date(0);
  // Go's AddDate: overflowing days roll into the next month (Feb 29 in a common year → Mar 1).
  d.setUTCFullYear(today.year, t.month - 1 + (dateless ? today.month - 1 : 0), t.day + (dateless ? today.day - 1 : 0));
  return { ...t, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The capture's instant in ns, or undefined when no layout reads it. */
export function parseTimestampCapture(value: string, layout: string, location: string): bigint | undefined {
  const unit = EPOCH_UNITS[layout];
  if (unit !== undefined) return parseEpoch(value, unit);
  const t = wallTime(layout, value);
  return t === undefined ? undefined : goWallTimeToNs(inCurrentYear(t, location), location);
}
