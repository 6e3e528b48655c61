// Go's time.Parse / time.ParseInLocation: a value read with a layout written as the reference
// time "Mon Jan 2 15:04:05 MST 2006". Used for PayloadRegexDecoder's timestamp_layout. Layout
// tokens are recognised as Go does (e.g. "Jan" only when no lower-case letter follows).
import { MONTH_NAMES, WEEKDAY_NAMES, zonedTime } from './zoned-time.js';

/** A parsed wall-clock time; `offsetSeconds` when the value carried a numeric zone or UTC. */
export interface GoWallTime {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanosecond: number;
  offsetSeconds: number | undefined;
  /** A zone abbreviation read by "MST" (not UTC), resolved against the location. */
  zoneName: string | undefined;
}

export class GoTimeParseError extends Error {
  override name = 'GoTimeParseError';
}

type Token =
  | 'January' | 'Jan' | 'Monday' | 'Mon' | 'MST' | '2006' | '06' | '01' | '1' | '02' | '_2' | '2'
  | '15' | '03' | '3' | '04' | '4' | '05' | '5' | 'PM' | 'pm' | 'zone' | 'frac0' | 'frac9';

interface Chunk {
  readonly literal: string;
  readonly token: Token | undefined;
  /** The token as written in the layout (error messages). */
  readonly text: string;
  /** Zones: 'Z' allowed, colons, seconds, hours only. Fractions: digits. */
  readonly zulu?: boolean;
  readonly colons?: boolean;
  readonly seconds?: boolean;
  readonly hoursOnly?: boolean;
  readonly digits?: number;
}

const isLower = (c: string | undefined): boolean => c !== undefined && c >= 'a' && c <= 'z';
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

const ZONE_FORMS: readonly [string, boolean, boolean, boolean][] = [
  ['070000', false, true, false], ['07:00:00', true, true, false], ['0700', false, false, false], ['07:00', true, false, false], ['07', false, false, true],
];

/** The token starting at `i`, as Go's nextStdChunk finds it: [token, length, extras]. */
function tokenAt(layout: string, i: number): Omit<Chunk, 'literal'> | undefined {
  const rest = layout.slice(i);
  const simple = (token: Token, text: string = token): Omit<Chunk, 'literal'> => ({ token, text });
  switch (rest[0]) {
    case 'J':
      if (rest.startsWith('January')) return simple('January');
      if (rest.startsWith('Jan') && !isLower(rest[3])) return simple('Jan');
      return undefined;
    case 'M':
      if (rest.startsWith('Monday')) return simple('Monday');
      if (rest.startsWith('Mon') && !isLower(rest[3])) return simple('Mon');
      if (rest.startsWith('MST')) return simple('MST');
      return undefined;
    case '0':
      return rest[1] !== undefined && rest[1] >= '1' && rest[1] <= '6' ? simple(rest.slice(0, 2) as Token) : undefined;
    case '1':
      return simple(rest.startsWith('15') ? '15' : '1');
    case '2':
      return simple(rest.startsWith('2006') ? '2006' : '2');
    case '_':
      return rest.startsWith('_2') && !rest.startsWith('_2006') ? simple('_2') : undefined;
    case '3': case '4': case '5':
      return simple(rest[0] as Token);
    case 'P':
      return rest.startsWith('PM') ? simple('PM') : undefined;
    case 'p':
      return rest.startsWith('pm') ? simple('pm') : undefined;
    case '-': case 'Z': {
      const form = ZONE_FORMS.find(([s]) => rest.startsWith(s, 1));
      if (form === undefined) return undefined;
      const [s, colons, seconds, hoursOnly] = form;
      return { token: 'zone', text: rest[0] + s, zulu: rest[0] === 'Z', colons, seconds, hoursOnly };
    }
    case '.': case ',': {
      const digit = rest[1];
      if (digit !== '0' && digit !== '9') return undefined;
      let j = 1;
      while (rest[j] === digit) j++;
      if (isDigit(rest[j])) return undefined;
      return { token: digit === '0' ? 'frac0' : 'frac9', text: rest.slice(0, j), digits: j - 1 };
    }
    default:
      return undefined;
  }
}

const compiled = new Map<string, Chunk[]>();

function compile(layout: string): Chunk[] {
  const hit = compiled.get(layout);
  if (hit !== undefined) return hit;
  const chunks: Chunk[] = [];
  let literal = '';
  for (let i = 0; i < layout.length;) {
    const t = tokenAt(layout, i);
    if (t === undefined) {
      literal += layout[i];
      i++;
      continue;
    }
    chunks.push({ literal, ...t });
    literal = '';
    i += t.text.length;
  }
  chunks.push({ literal, token: undefined, text: '' });
  compiled.set(layout, chunks);
  return chunks;
}

/** Go's skip: literal text must match, a run of spaces in the layout matching a run of spaces. */
function skipLiteral(value: string, at: number, literal: string): number {
  let i = 0;
  while (i < literal.length) {
    if (literal[i] === ' ') {
      if (at < value.length && value[at] !== ' ') return -1;
      while (literal[i] === ' ') i++;
      while (value[at] === ' ') at++;
      continue;
    }
    if (value[at] !== literal[i]) return -1;
    i++;
    at++;
  }
  return at;
}

function lookupName(names: readonly string[], value: string, at: number): [number, number] | undefined {
  const lower = value.slice(at).toLowerCase();
  for (let i = 0; i < names.length; i++) if (lower.startsWith(names[i]!.toLowerCase())) return [i, names[i]!.length];
  return undefined;
}

const SHORT_MONTHS = MONTH_NAMES.map((m) => m.slice(0, 3));
const SHORT_DAYS = WEEKDAY_NAMES.map((d) => d.slice(0, 3));

/** Length of a zone abbreviation at `at` (Go's parseTimeZone), 0 when there is none. */
function zoneNameLength(value: string, at: number): number {
  const rest = value.slice(at);
  if (rest.length < 3) return 0;
  if (rest.startsWith('ChST') || rest.startsWith('MeST')) return 4;
  if (rest.startsWith('GMT')) {
    const m = /^GMT([+-])(\d+)/.exec(rest);
    const hours = m === null ? 0 : Number(m[2]) * (m[1] === '-' ? -1 : 1);
    return m === null || hours === 0 || hours < -14 || hours > 12 ? 3 : m[0].length;
  }
  let upper = 0;
  while (upper < 6 && rest[upper] !== undefined && rest[upper]! >= 'A' && rest[upper]! <= 'Z') upper++;
  if (upper === 3) return 3;
  if (upper === 4 && (rest[3] === 'T' || rest.startsWith('WITA'))) return 4;
  if (upper === 5 && rest[4] === 'T') return 5;
  return 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
export const daysIn = (month: number, year: number): number => (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1]!);

/** Nanoseconds from the digits after the separator (extra digits beyond 9 are dropped). */
function nanos(digits: string): number {
  return Number(digits.slice(0, 9).padEnd(9, '0'));
}

/** Parses `value` with a Go layout into wall-clock fields; throws a GoTimeParseError. */
export function parseGoWallTime(layout: string, value: string): GoWallTime {
  const fail = (what: string, at: number, elem: string): never => {
    throw new GoTimeParseError(`parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(value.slice(at))} as ${JSON.stringify(elem)}${what}`);
  };
  const t: GoWallTime = { year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanosecond: 0, offsetSeconds: undefined, zoneName: undefined };
  let pm: boolean | undefined;
  const chunks = compile(layout);
  let at = 0;
  // 1 or 2 digits (`fixed`: exactly 2), in [min, max].
  const num = (fixed: boolean, min: number, max: number, elem: string, what: string): number => {
    if (!isDigit(value[at])) return fail('', at, elem);
    let n = Number(value[at]);
    if (isDigit(value[at + 1])) n = n * 10 + Number(value[at + 1]);
    else if (fixed) return fail('', at, elem);
    const width = isDigit(value[at + 1]) ? 2 : 1;
    if (n < min || n > max) throw new GoTimeParseError(`parsing time ${JSON.stringify(value)}: ${what} out of range`);
    at += width;
    return n;
  };
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    const after = skipLiteral(value, at, chunk.literal);
    if (after < 0) fail('', at, chunk.literal);
    at = after;
    const elem = chunk.text;
    switch (chunk.token) {
      case undefined:
        if (at < value.length) throw new GoTimeParseError(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(value.slice(at))}`);
        break;
      case '2006':
        if (!/^\d{4}/.test(value.slice(at))) fail('', at, elem);
        t.year = Number(value.slice(at, at + 4));
        at += 4;
        break;
      case '06': {
        if (!/^\d{2}/.test(value.slice(at))) fail('', at, elem);
        const yy = Number(value.slice(at, at + 2));
        t.year = yy >= 69 ? 1900 + yy : 2000 + yy;
        at += 2;
        break;
      }
      case 'January': case 'Jan': {
        const found = lookupName(chunk.token === 'Jan' ? SHORT_MONTHS : MONTH_NAMES, value, at) ?? fail('', at, elem);
        t.month = found[0] + 1;
        at += found[1];
        break;
      }
      case 'Monday': case 'Mon': {
        // Read and ignored, as in Go.
        const found = lookupName(chunk.token === 'Mon' ? SHORT_DAYS : WEEKDAY_NAMES, value, at) ?? fail('', at, elem);
        at += found[1];
        break;
      }
      case '01': case '1':
        t.month = num(chunk.token === '01', 1, 12, elem, 'month');
        break;
      case '_2':
        if (value[at] === ' ') at++;
        t.day = num(false, 1, 31, elem, 'day');
        break;
      case '02': case '2':
        t.day = num(chunk.token === '02', 1, 31, elem, 'day');
        break;
      case '15':
        t.hour = num(false, 0, 23, elem, 'hour');
        break;
      case '03': case '3':
        t.hour = num(chunk.token === '03', 0, 12, elem, 'hour');
        break;
      case '04': case '4':
        t.minute = num(chunk.token === '04', 0, 59, elem, 'minute');
        break;
      case '05': case '5': {
        t.second = num(chunk.token === '05', 0, 59, elem, 'second');
        // Go reads a fraction after the seconds even when the layout has none.
        const next = chunks[c + 1];
        const layoutHasFraction = next !== undefined && next.literal === '' && (next.token === 'frac0' || next.token === 'frac9');
        if (!layoutHasFraction && (value[at] === '.' || value[at] === ',') && isDigit(value[at + 1])) {
          let end = at + 1;
          while (isDigit(value[end])) end++;
          t.nanosecond = nanos(value.slice(at + 1, end));
          at = end;
        }
        break;
      }
      case 'PM': case 'pm': {
        const p = value.slice(at, at + 2);
        const [am, pmText] = chunk.token === 'PM' ? ['AM', 'PM'] : ['am', 'pm'];
        if (p === pmText) pm = true;
        else if (p === am) pm = false;
        else fail('', at, elem);
        at += 2;
        break;
      }
      case 'frac0': {
        const digits = chunk.digits!;
        const m = new RegExp(`^[.,]\\d{${digits}}`).exec(value.slice(at)) ?? fail('', at, elem);
        t.nanosecond = nanos(m[0].slice(1));
        at += m[0].length;
        break;
      }
      case 'frac9': {
        const m = /^[.,]\d{1,9}/.exec(value.slice(at));
        if (m === null) break;
        t.nanosecond = nanos(m[0].slice(1));
        at += m[0].length;
        break;
      }
      case 'zone': {
        if (chunk.zulu && value[at] === 'Z') {
          t.offsetSeconds = 0;
          at++;
          break;
        }
        const re = chunk.colons ? (chunk.seconds ? /^[+-]\d\d:\d\d:\d\d/ : chunk.hoursOnly ? /^[+-]\d\d/ : /^[+-]\d\d:\d\d/) : chunk.seconds ? /^[+-]\d{6}/ : chunk.hoursOnly ? /^[+-]\d\d/ : /^[+-]\d{4}/;
        const m = re.exec(value.slice(at)) ?? fail('', at, elem);
        const d = m[0].replace(/:/g, '');
        const seconds = Number(d.slice(1, 3)) * 3600 + Number(d.slice(3, 5) || '0') * 60 + Number(d.slice(5, 7) || '0');
        t.offsetSeconds = d[0] === '-' ? -seconds : seconds;
        at += m[0].length;
        break;
      }
      case 'MST': {
        if (value.startsWith('UTC', at)) {
          t.offsetSeconds = 0;
          at += 3;
          break;
        }
        const n = zoneNameLength(value, at);
        if (n === 0) fail('', at, elem);
        t.zoneName = value.slice(at, at + n);
        at += n;
        break;
      }
    }
  }
  if (pm === true && t.hour < 12) t.hour += 12;
  else if (pm === false && t.hour === 12) t.hour = 0;
  if (t.day > daysIn(t.month, t.year)) throw new GoTimeParseError(`parsing time ${JSON.stringify(value)}: day out of range`);
  return t;
}

/** Milliseconds since the epoch of a UTC wall time; years 0–99 are not shifted to 19xx. */
export function utcMillis(t: Pick<GoWallTime, 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second'>): number {
  const d = new Date(0);
  d.setUTCFullYear(t.year, t.month - 1, t.day);
  d.setUTCHours(t.hour, t.minute, t.second, 0);
  return d.getTime();
}

/** A zone name for zoned-time: "UTC" and "" are UTC, "Local" the process's zone. */
function zoneArg(location: string): string | undefined {
  return location === '' || location === 'UTC' ? 'UTC' : location === 'Local' ? undefined : location;
}

function offsetAtMillis(ms: number, location: string): number {
  return zonedTime(BigInt(ms) * 1_000_000n, zoneArg(location)).offsetMinutes * 60;
}

/** Whether `location` is a zone this runtime knows (IANA name, "UTC", "Local" or ""). */
export function isKnownLocation(location: string): boolean {
  const zone = zoneArg(location);
  if (zone === undefined || zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instant (ns since the epoch) of a parsed wall time, as Go's ParseInLocation decides it: a
 * numeric offset or UTC as read; an abbreviation the location uses at that time its offset,
 * GMT+h that many hours, any other abbreviation offset 0; no zone at all the location's offset.
 */
export function goWallTimeToNs(t: GoWallTime, location = 'UTC'): bigint {
  const wall = utcMillis(t);
  let offset = t.offsetSeconds;
  if (offset === undefined && t.zoneName !== undefined) {
    const gmt = /^GMT([+-]\d+)$/.exec(t.zoneName);
    const guess = wall - offsetAtMillis(wall, location) * 1000;
    const zone = zonedTime(BigInt(guess) * 1_000_000n, zoneArg(location));
    offset = gmt !== null ? Number(gmt[1]) * 3600 : zone.zoneName === t.zoneName ? zone.offsetMinutes * 60 : 0;
  }
  if (offset === undefined) {
    const first = offsetAtMillis(wall, location);
    offset = offsetAtMillis(wall - first * 1000, location);
  }
  return (BigInt(wall) / 1000n - BigInt(offset)) * 1_000_000_000n + BigInt(t.nanosecond);
}

/** Go's time.ParseInLocation(layout, value, location) as ns since the epoch; throws a GoTimeParseError. */
export function parseGoTime(layout: string, value: string, location = 'UTC'): bigint {
  return goWallTimeToNs(parseGoWallTime(layout, value), location);
}

/** Go's named layouts, in the order Heka tries them when timestamp_layout does not fit. */
export const GO_STANDARD_LAYOUTS: readonly string[] = [
  'Mon Jan _2 15:04:05 2006', // ANSIC
  'Mon Jan _2 15:04:05 MST 2006', // UnixDate
  'Mon Jan 02 15:04:05 -0700 2006', // RubyDate
  '02 Jan 06 15:04 MST', // RFC822
  '02 Jan 06 15:04 -0700', // RFC822Z
  'Monday, 02-Jan-06 15:04:05 MST', // RFC850
  'Mon, 02 Jan 2006 15:04:05 MST', // RFC1123
  'Mon, 02 Jan 2006 15:04:05 -0700', // RFC1123Z
  '2006-01-02T15:04:05Z07:00', // RFC3339
  '2006-01-02T15:04:05.999999999Z07:00', // RFC3339Nano
  '3:04PM', // Kitchen
  'Jan _2 15:04:05', // Stamp
  'Jan _2 15:04:05.000', // StampMilli
  'Jan _2 15:04:05.000000', // StampMicro
  'Jan _2 15:04:05.000000000', // StampNano
];
