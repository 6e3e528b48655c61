// Go's time.Time.String() layout for a ns timestamp in a time zone (default: the local one):
// "2006-01-02 15:04:05.999999999 -0700 MST" (fraction without trailing zeros, dropped when 0).

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', timeZoneName: 'short',
      year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(key, f);
  }
  return f;
}

function formatOffset(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

interface Zone { offsetMinutes: number; name: string }

// Zone offsets change only on whole quarter hours (DST and tz transitions), so one Intl call per
// quarter hour serves every timestamp in it: Intl is by far the slowest step otherwise.
const QUARTER_HOUR_MS = 15 * 60_000;
const zoneCache = new Map<string, { quarter: number; zone: Zone }>();

function zoneAt(ms: number, timeZone: string | undefined): Zone {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const key = timeZone ?? '';
  const cached = zoneCache.get(key);
  if (cached?.quarter === quarter) return cached.zone;
  const start = quarter * QUARTER_HOUR_MS;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(start))) parts[p.type] = p.value;
  const [year, month, day, hour, minute, second] = ['year', 'month', 'day', 'hour', 'minute', 'second'].map((k) => Number(parts[k]));
  const offsetMinutes = Math.round((Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) - start) / 60_000);
  // Go prints the zone's abbreviation, or the numeric offset when the zone has none.
  const name = parts.timeZoneName ?? '';
  const zone = { offsetMinutes, name: /^[A-Z]{2,5}$/.test(name) ? name : offsetMinutes === 0 ? 'UTC' : formatOffset(offsetMinutes) };
  zoneCache.set(key, { quarter, zone });
  return zone;
}

export function formatGoTime(ns: bigint, timeZone?: string): string {
  let seconds = ns / 1_000_000_000n;
  let nanos = ns % 1_000_000_000n;
  if (nanos < 0n) { nanos += 1_000_000_000n; seconds -= 1n; }
  const ms = Number(seconds) * 1000;
  const zone = zoneAt(ms, timeZone);
  const local = new Date(ms + zone.offsetMinutes * 60_000);
  const fraction = nanos === 0n ? '' : '.' + nanos.toString().padStart(9, '0').replace(/0+$/, '');
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ` +
    `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${fraction} ` +
    `${formatOffset(zone.offsetMinutes)} ${zone.name}`;
}
