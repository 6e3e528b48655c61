// Go's time.ParseDuration, which Heka uses for every duration option (`rescan_interval = "1m"`,
// `max_pack_idle`, retry delays). Values are int64 nanoseconds, kept as bigint so nothing rounds.

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_NS = (1n << 63n) - 1n;

export type DurationResult = { ok: true; ns: bigint } | { ok: false; reason: string };

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Parses `[-+]?([0-9]*(\.[0-9]*)?unit)+` or `0`; explains failures the way Go does. */
export function parseGoDuration(text: string): DurationResult {
  const quoted = JSON.stringify(text);
  const invalid = (): DurationResult => ({ ok: false, reason: `invalid duration ${quoted}` });
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') { negative = s[0] === '-'; s = s.slice(1); }
  if (s === '0') return { ok: true, ns: 0n };
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid();
    let i = 0;
    while (isDigit(s[i])) i++;
    const whole = s.slice(0, i);
    let fraction = '';
    if (s[i] === '.') {
      let j = i + 1;
      while (isDigit(s[j])) j++;
      fraction = s.slice(i + 1, j);
      i = j;
    }
    if (whole === '' && fraction === '') return invalid();
    let u = i;
    while (u < s.length && s[u] !== '.' && !isDigit(s[u])) u++;
    const unitName = s.slice(i, u);
    if (unitName === '') return { ok: false, reason: `missing unit in duration ${quoted}` };
    const unit = UNITS[unitName];
    if (unit === undefined) return { ok: false, reason: `unknown unit ${JSON.stringify(unitName)} in duration ${quoted}` };
    // Exact arithmetic; Go truncates the fractional part towards zero just the same.
    let part = BigInt(whole || '0') * unit;
    if (fraction !== '') part += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += part;
    if (total > MAX_NS + 1n) return invalid();
    s = s.slice(u);
  }
  if (!negative && total > MAX_NS) return invalid();
  return { ok: true, ns: negative ? -total : total };
}

/** Nanoseconds to (possibly fractional) milliseconds, for timers. */
export function durationToMs(ns: bigint): number {
  return Number(ns) / 1e6;
}
