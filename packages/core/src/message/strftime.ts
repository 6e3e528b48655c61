// C strftime, as the Go library Heka uses for FileOutput's rotating path: unknown conversions
// are written as they are.
import { MONTH_NAMES, WEEKDAY_NAMES, pad, zonedTime, type ZonedTime } from './zoned-time.js';

const hour12 = (t: ZonedTime): number => (t.hour % 12 === 0 ? 12 : t.hour % 12);
const abbr = (s: string): string => s.slice(0, 3);

/** Week of the year, weeks starting on `firstDay` (0 Sunday, 1 Monday); days before the first are week 0. */
function weekOfYear(t: ZonedTime, firstDay: number): number {
  return Math.floor((t.yearDay - 1 + 7 - ((t.weekday - firstDay + 7) % 7)) / 7);
}

function zone(t: ZonedTime): string {
  const abs = Math.abs(t.offsetMinutes);
  return (t.offsetMinutes < 0 ? '-' : '+') + pad(Math.floor(abs / 60)) + pad(abs % 60);
}

const CONVERSIONS: Readonly<Record<string, (t: ZonedTime) => string>> = {
  A: (t) => WEEKDAY_NAMES[t.weekday]!,
  a: (t) => abbr(WEEKDAY_NAMES[t.weekday]!),
  B: (t) => MONTH_NAMES[t.month - 1]!,
  b: (t) => abbr(MONTH_NAMES[t.month - 1]!),
  h: (t) => abbr(MONTH_NAMES[t.month - 1]!),
  C: (t) => pad(Math.floor(t.year / 100)),
  c: (t) => `${abbr(WEEKDAY_NAMES[t.weekday]!)} ${abbr(MONTH_NAMES[t.month - 1]!)} ${pad(t.day, 2, ' ')} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)} ${t.year}`,
  D: (t) => `${pad(t.month)}/${pad(t.day)}/${pad(t.year % 100)}`,
  d: (t) => pad(t.day),
  e: (t) => pad(t.day, 2, ' '),
  F: (t) => `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}`,
  H: (t) => pad(t.hour),
  I: (t) => pad(hour12(t)),
  j: (t) => pad(t.yearDay, 3),
  k: (t) => pad(t.hour, 2, ' '),
  l: (t) => pad(hour12(t), 2, ' '),
  M: (t) => pad(t.minute),
  m: (t) => pad(t.month),
  n: () => '\n',
  p: (t) => (t.hour >= 12 ? 'PM' : 'AM'),
  R: (t) => `${pad(t.hour)}:${pad(t.minute)}`,
  r: (t) => `${pad(hour12(t))}:${pad(t.minute)}:${pad(t.second)} ${t.hour >= 12 ? 'PM' : 'AM'}`,
  S: (t) => pad(t.second),
  T: (t) => `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`,
  t: () => '\t',
  U: (t) => pad(weekOfYear(t, 0)),
  u: (t) => String(t.weekday === 0 ? 7 : t.weekday),
  W: (t) => pad(weekOfYear(t, 1)),
  w: (t) => String(t.weekday),
  X: (t) => `${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}`,
  x: (t) => `${pad(t.month)}/${pad(t.day)}/${pad(t.year % 100)}`,
  Y: (t) => String(t.year),
  y: (t) => pad(t.year % 100),
  Z: (t) => t.zoneName !== '' ? t.zoneName : zone(t),
  z: zone,
  '%': () => '%',
};

/** Formats a ns timestamp with a strftime pattern in `timeZone` (default local; "UTC" for UTC). */
export function formatStrftime(ns: bigint, pattern: string, timeZone?: string): string {
  const t = zonedTime(ns, timeZone);
  return pattern.replace(/%(.)/gs, (whole, c: string) => CONVERSIONS[c]?.(t) ?? whole);
}
