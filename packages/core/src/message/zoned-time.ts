// A ns timestamp broken down in a time zone (default: the process's local one), for the Go
// layout and strftime formatters.

export interface ZonedTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0–999999999. */
  nanosecond: number;
  /** 0 = Sunday. */
  weekday: number;
  /** 1–366. */
  yearDay: number;
  /** East of UTC. */
  offsetMinutes: number;
  /** Abbreviation (CET, PST), or "" when the zone has none (looked up when read). */
  readonly zoneName: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, { quarter: number; offsetMinutes: number }>();
const names = new Map<string, { quarter: number; name: string }>();

function formatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', timeZoneName: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(key, f);
  }
  return f;
}

function partsAt(ms: number, timeZone: string | undefined): Map<string, string> {
  return new Map(formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

// Offsets only change on quarter hours, so one lookup serves a whole quarter hour. The local
// zone's offset comes from Date (cheap); a named zone needs Intl, whose first formatter costs
// some 100 ms (ICU data): too much for hekad's start-up, which stamps its first log line.
function offsetAt(ms: number, timeZone: string | undefined): number {
  if (timeZone === 'UTC') return 0;
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const key = timeZone ?? '';
  const hit = offsets.get(key);
  if (hit?.quarter === quarter) return hit.offsetMinutes;
  const start = quarter * QUARTER_HOUR_MS;
  let offsetMinutes: number;
  if (timeZone === undefined) offsetMinutes = -new Date(start).getTimezoneOffset();
  else {
    const parts = partsAt(start, timeZone);
    const n = (type: string): number => Number(parts.get(type));
    offsetMinutes = Math.round((Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - start) / 60_000);
  }
  offsets.set(key, { quarter, offsetMinutes });
  return offsetMinutes;
}

/** The zone's abbreviation at `ms` (CET, PST), or "" when it has none; only formats that print it ask. */
function zoneNameAt(ms: number, timeZone: string | undefined, offsetMinutes: number): string {
  if (timeZone === 'UTC') return 'UTC';
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const key = timeZone ?? '';
  const hit = names.get(key);
  if (hit?.quarter === quarter) return hit.name;
  const short = partsAt(quarter * QUARTER_HOUR_MS, timeZone).get('timeZoneName') ?? '';
  const name = /^[A-Z]{2,5}$/.test(short) ? short : offsetMinutes === 0 ? 'UTC' : '';
  names.set(key, { quarter, name });
  return name;
}

export function zonedTime(ns: bigint, timeZone?: string): ZonedTime {
  let seconds = ns / 1_000_000_000n;
  let nanos = ns % 1_000_000_000n;
  if (nanos < 0n) { nanos += 1_000_000_000n; seconds -= 1n; }
  const ms = Number(seconds) * 1000;
  const offsetMinutes = offsetAt(ms, timeZone);
  const d = new Date(ms + offsetMinutes * 60_000);
  const year = d.getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1);
  return {
    year, month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), nanosecond: Number(nanos),
    weekday: d.getUTCDay(),
    yearDay: Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - yearStart) / 86_400_000) + 1,
    offsetMinutes,
    get zoneName() { return zoneNameAt(ms, timeZone, offsetMinutes); },
  };
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);
