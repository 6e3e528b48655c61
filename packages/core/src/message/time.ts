// Timestamps are int64 nanoseconds since the Unix epoch, kept as bigint so nothing is rounded.

/**
 * Now, in ns since the epoch. The wall clock gives the millisecond (so clock adjustments are
 * followed, as Go's time.Now is); the monotonic clock fills in the sub-millisecond digits.
 */
export function nowNs(): bigint {
  const ms = Date.now();
  // Messages are stamped many times per millisecond: the millisecond part is converted once.
  if (ms !== lastMs) {
    lastMs = ms;
    lastMsNs = BigInt(ms) * 1_000_000n;
  }
  return lastMsNs + (process.hrtime.bigint() % 1_000_000n);
}

let lastMs = -1;
let lastMsNs = 0n;

export function nsToDate(ns: bigint): Date {
  return new Date(Number(ns / 1_000_000n));
}

export function dateToNs(date: Date): bigint {
  return BigInt(date.getTime()) * 1_000_000n;
}
