// Timestamps are int64 nanoseconds since the Unix epoch, kept as bigint so nothing is rounded.

let lastNowNs = 0n;

/**
 * Now, in ns since the epoch. The wall clock gives the millisecond (so clock adjustments are
 * followed, as Go's time.Now is); the monotonic clock fills in the sub-millisecond digits.
 */
export function nowNs(): bigint {
  const t = stampNs(Date.now(), subMillisecondNs());
  // The two clocks are not in step: a new millisecond can start while the monotonic digits still
  // read .9, so a later call could read up to 1 ms earlier. Do not go back for that (a control
  // message 10 s old then looked 9.999 s old); a real clock step back is followed.
  if (t < lastNowNs && lastNowNs - t < 1_000_000n) return lastNowNs;
  lastNowNs = t;
  return t;
}

let lastMs = -1;
let lastMsNs = 0n;

/**
 * Wall-clock milliseconds as a small integer: counted from when this module loaded, so storing
 * one in an object needs no heap number (a full epoch millisecond count does). For 24 days.
 */
export const MS_BASE = Date.now();

// Stamping messages reads one clock, the monotonic one, made wall-clock time by an offset taken
// from Date every 100 ms (so clock adjustments are followed within that time). Two clock calls
// per message showed in profiles.
let wallOffset = 0;
let resyncAt = 0;

/** Now as ms since MS_BASE (fractional: the sub-millisecond digits are the monotonic clock's). */
export function stampMsNow(): number {
  const t = performance.now();
  if (t >= resyncAt) {
    wallOffset = Date.now() - MS_BASE - Math.floor(t);
    resyncAt = t + 100;
  }
  return t + wallOffset;
}

/** The monotonic clock's ns within its current millisecond: the sub-millisecond digits of nowNs. */
export function subMillisecondNs(): number {
  return Math.floor((performance.now() % 1) * 1_000_000);
}

/** The ns timestamp of wall-clock millisecond `ms` plus `subNs` ns (as nowNs would have said then). */
export function stampNs(ms: number, subNs: number): bigint {
  // Messages are stamped many times per millisecond: the millisecond part is converted once.
  if (ms !== lastMs) {
    lastMs = ms;
    lastMsNs = BigInt(ms) * 1_000_000n;
  }
  return lastMsNs + BigInt(subNs);
}

export function nsToDate(ns: bigint): Date {
  return new Date(Number(ns / 1_000_000n));
}

export function dateToNs(date: Date): bigint {
  return BigInt(date.getTime()) * 1_000_000n;
}
