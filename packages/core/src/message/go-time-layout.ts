// Go's time.Format: a layout is the reference time "Mon Jan 2 15:04:05 MST 2006" written the way
// the output should look. Heka configs carry such layouts (PayloadEncoder ts_format).
import { MONTH_NAMES, WEEKDAY_NAMES, pad, zonedTime, type ZonedTime } from './zoned-time.js';

type Chunk = (t: ZonedTime) => string;

const hour12 = (t: ZonedTime): number => (t.hour % 12 === 0 ? 12 : t.hour % 12);

function offset(t: ZonedTime, colons: boolean, withSeconds: boolean, hoursOnly: boolean, zulu: boolean): string {
  if (zulu && t.offsetMinutes === 0) return 'Z';
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  const sep = colons ? ':' : '';
  let s = sign + pad(Math.floor(abs / 60));
  if (!hoursOnly) s += sep + pad(abs % 60);
  if (withSeconds) s += sep + '00';
  return s;
}

// Longest first within each family, as Go matches them.
const ZONES: readonly [string, boolean, boolean, boolean][] = [
  ['070000', false, true, false], ['07:00:00', true, true, false], ['0700', false, false, false], ['07:00', true, false, false], ['07', false, false, true],
];

const FIXED: readonly [string, Chunk][] = [
  ['January', (t) => MONTH_NAMES[t.month - 1]!],
  ['Jan', (t) => MONTH_NAMES[t.month - 1]!.slice(0, 3)],
  ['Monday', (t) => WEEKDAY_NAMES[t.weekday]!],
  ['Mon', (t) => WEEKDAY_NAMES[t.weekday]!.slice(0, 3)],
  ['MST', (t) => t.zoneName !== '' ? t.zoneName : offset(t, false, false, false, false)],
  ['2006', (t) => pad(t.year, 4)],
  ['01', (t) => pad(t.month)],
  ['02', (t) => pad(t.day)],
  ['03', (t) => pad(hour12(t))],
  ['04', (t) => pad(t.minute)],
  ['05', (t) => pad(t.second)],
  ['06', (t) => pad(t.year % 100)],
  ['15', (t) => pad(t.hour)],
  ['_2', (t) => pad(t.day, 2, ' ')],
  ['1', (t) => String(t.month)],
  ['2', (t) => String(t.day)],
  ['3', (t) => String(hour12(t))],
  ['4', (t) => String(t.minute)],
  ['5', (t) => String(t.second)],
  ['PM', (t) => (t.hour >= 12 ? 'PM' : 'AM')],
  ['pm', (t) => (t.hour >= 12 ? 'pm' : 'am')],
  ...ZONES.map(([s, colons, secs, hours]): [string, Chunk] => ['-' + s, (t) => offset(t, colons, secs, hours, false)]),
  ...ZONES.map(([s, colons, secs, hours]): [string, Chunk] => ['Z' + s, (t) => offset(t, colons, secs, hours, true)]),
];

/** ".000"/",999…": fixed or trimmed fraction of a second, only when no digit follows the run. */
function fraction(layout: string, i: number): [number, Chunk] | undefined {
  const sep = layout[i];
  const digit = layout[i + 1];
  if ((sep !== '.' && sep !== ',') || (digit !== '0' && digit !== '9')) return undefined;
  let j = i + 1;
  while (layout[j] === digit) j++;
  if (/[0-9]/.test(layout[j] ?? '')) return undefined;
  const width = Math.min(j - i - 1, 9);
  return [j, (t) => {
    const digits = pad(t.nanosecond, 9).slice(0, width);
    if (digit === '0') return sep + digits;
    const trimmed = digits.replace(/0+$/, '');
    return trimmed === '' ? '' : sep + trimmed;
  }];
}

function compile(layout: string): Chunk[] {
  const chunks: Chunk[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') { const text = literal; chunks.push(() => text); literal = ''; }
  };
  for (let i = 0; i < layout.length;) {
    // "_2006" is a literal underscore before the year, not "_2" then "006".
    const match = layout.startsWith('_2006', i) ? undefined : FIXED.find(([token]) => layout.startsWith(token, i));
    const frac = match === undefined ? fraction(layout, i) : undefined;
    if (match !== undefined) { flush(); chunks.push(match[1]); i += match[0].length; }
    else if (frac !== undefined) { flush(); chunks.push(frac[1]); i = frac[0]; }
    else { literal += layout[i]; i++; }
  }
  flush();
  return chunks;
}

const compiled = new Map<string, Chunk[]>();

/** Formats a ns timestamp with a Go layout in `timeZone` (default local; "UTC" for UTC). */
export function formatGoLayout(ns: bigint, layout: string, timeZone?: string): string {
  let chunks = compiled.get(layout);
  if (chunks === undefined) { chunks = compile(layout); compiled.set(layout, chunks); }
  const t = zonedTime(ns, timeZone);
  let out = '';
  for (const chunk of chunks) out += chunk(t);
  return out;
}

/** Go's time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST". */
export const GO_TIME_STRING_LAYOUT = '2006-01-02 15:04:05.999999999 -0700 MST';
