// Timing helper for the benchmarks. Rates are per CPU-second of this process (user + system
// time), so that other processes competing for the cores distort them less than wall time
// would; wall-clock rates are reported beside them. Each case runs after a warm-up, `rounds`
// times, and the median round counts.
export function measure(fn, { seconds = 1, rounds = 5, batch = 1000 } = {}) {
  const warmUntil = performance.now() + 300;
  while (performance.now() < warmUntil) for (let i = 0; i < batch; i++) fn(i);
  const cpuRates = [];
  const wallRates = [];
  for (let r = 0; r < rounds; r++) {
    let ops = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    let now = start;
    while (now - start < seconds * 1000) {
      for (let i = 0; i < batch; i++) fn(ops + i);
      ops += batch;
      now = performance.now();
    }
    const used = process.cpuUsage(cpu);
    cpuRates.push((ops * 1e6) / (used.user + used.system));
    wallRates.push((ops * 1000) / (now - start));
  }
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { perCpuSecond: median(cpuRates), perWallSecond: median(wallRates) };
}

/** One machine-readable result line. */
export function report(result) {
  console.log(JSON.stringify(result));
}
