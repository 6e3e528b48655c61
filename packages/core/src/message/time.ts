// Timestamps are int64 nanoseconds since the Unix epoch, kept as bigint so nothing is rounded.

/**
 * Now, in ns since the epoch. The wall clock gives the millisecond (so clock adjustments are
 * followed, as Go's time.Now is); the monotonic clock fills in the sub-millisecond digits.
 */
export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
}

export function nsToDate(ns: bigint): Date {
  return new Date(Number(ns / 1_000_000n));
}

export function dateToNs(date: Date): bigint {
  return BigInt(date.getTime()) * 1_000_000n;
}
