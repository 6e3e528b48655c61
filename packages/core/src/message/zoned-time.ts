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
  /** Abbreviation (CET, PST), or "" when the zone has none. */
  zoneName: string;
}

interface Zone { offsetMinutes: number; zoneName: string }

const formatters = new Map<string, Intl.DateTimeFormat>();
const QUARTER_HOUR_MS = 15 * 60_000;
const cache = new Map<string, { quarter: number; zone: Zone }>();

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

// Offsets only change on quarter hours, so one (slow) Intl call serves a whole quarter hour.
function zoneAt(ms: number, timeZone: string | undefined): Zone {
  if (timeZone === 'UTC') return { offsetMinutes: 0, zoneName: 'UTC' };
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const key = timeZone ?? '';
  const hit = cache.get(key);
  if (hit?.quarter === quarter) return hit.zone;
  const start = quarter * QUARTER_HOUR_MS;
  const parts = new Map(formatter(timeZone).formatToParts(new Date(start)).map((p) => [p.type, p.value]));
  const n = (type: string): number => Number(parts.get(type as Intl.DateTimeFormatPartTypes));
  const offsetMinutes = Math.round((Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - start) / 60_000);
  const name = parts.get('timeZoneName') ?? '';
  const zone = { offsetMinutes, zoneName: /^[A-Z]{2,5}$/.test(name) ? name : offsetMinutes === 0 ? 'UTC' : '' };
  cache.set(key, { quarter, zone });
  return zone;
}

export function zonedTime(ns: bigint, timeZone?: string): ZonedTime {
  let seconds = ns / 1_000_000_000n;
  let nanos = ns % 1_000_000_000n;
  if (nanos < 0n) { nanos += 1_000_000_000n; seconds -= 1n; }
  const ms = Number(seconds) * 1000;
  const { offsetMinutes, zoneName } = zoneAt(ms, timeZone);
  const d = new Date(ms + offsetMinutes * 60_000);
  const year = d.getUTCFullYear();
  const yearStart = Date.UTC(year, 0, 1);
  return {
    year, month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), nanosecond: Number(nanos),
    weekday: d.getUTCDay(),
    yearDay: Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - yearStart) / 86_400_000) + 1,
    offsetMinutes, zoneName,
  };
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);
