// heka-flood → hekad TcpInput → CounterFilter on this machine (issue 4's benchmark): the built
// bin/heka-flood sends N protobuf messages to the built bin/hekad, whose CounterFilter injects
// `Got <total> messages. <rate> msg/sec` every second; a FileOutput writes those lines to a file.
// The rate is what the CounterFilter reports: the median of the per-second rates between the
// first and the last full second of the flood (the edges are partial). Also: the end-to-end
// rate (messages / seconds from the first counted second to the count reaching N), every message
// counted (the total must reach N), and hekad's peak RSS (VmHWM, polled every 50 ms).
//
//   node scripts/bench/tcp-input.bench.js [--messages N] [--runs N] [--size BYTES]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, numberArg, peakRssBytes } from './process.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const HEKAD = join(root, 'packages', 'hekad', 'bin', 'hekad.js');
const FLOOD = join(root, 'packages', 'heka-flood', 'bin', 'heka-flood.js');
const MESSAGES = numberArg('messages', 2_000_000);
const RUNS = numberArg('runs', 3);
const SIZE = numberArg('size', 0); // 0: Heka's default fixed message
const TIMEOUT_MS = 180_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A free port on 127.0.0.1 (bound to 0, then released for hekad). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The counter lines written so far: [{ total, rate }]. */
function counts(file) {
  if (!existsSync(file)) return [];
  return [...readFileSync(file, 'utf8').matchAll(/Got (\d+) messages\. ([\d.]+) msg\/sec/g)].map((m) => ({ total: Number(m[1]), rate: Number(m[2]) }));
}

async function runOnce(dir, run) {
  const port = await freePort();
  const counterFile = join(dir, `counter-${run}.log`);
  const hekadConfig = join(dir, `hekad-${run}.toml`);
  writeFileSync(hekadConfig, `[hekad]
base_dir = ${JSON.stringify(join(dir, `base-${run}`))}

[tcp_in]
type = "TcpInput"
address = "127.0.0.1:${port}"

[counter]
type = "CounterFilter"
message_matcher = "Type != 'heka.counter-output'"
ticker_interval = 1

[PayloadEncoder]

[counter_file]
type = "FileOutput"
message_matcher = "Type == 'heka.counter-output'"
path = ${JSON.stringify(counterFile)}
encoder = "PayloadEncoder"
flush_count = 1
flush_operator = "OR"
`);
  const floodConfig = join(dir, `flood-${run}.toml`);
  writeFileSync(floodConfig, `[bench]\nip_address = "127.0.0.1:${port}"\nsender = "tcp"\nnum_messages = ${MESSAGES}\n${SIZE > 0 ? `static_message_size = ${SIZE}\n` : ''}`);

  const hekad = spawn(process.execPath, [...(process.env.HEKAD_NODE_ARGS?.split(' ').filter(Boolean) ?? []), HEKAD, '-config', hekadConfig], { stdio: ['ignore', 'pipe', 'pipe'] });
  let hekadOut = '';
  hekad.stdout.on('data', (d) => { hekadOut += d; });
  hekad.stderr.on('data', (d) => { hekadOut += d; });
  const hekadExit = new Promise((r) => hekad.on('exit', r));
  let rss = 0;
  const poll = setInterval(() => { rss = Math.max(rss, peakRssBytes(hekad.pid)); }, 50);
  try {
    const started = Date.now();
    while (!hekadOut.includes('Input started: tcp_in')) {
      if (Date.now() - started > 20_000) throw new Error(`hekad did not start:\n${hekadOut}`);
      await sleep(20);
    }
    const flood = spawn(process.execPath, [FLOOD, `-config=${floodConfig}`, '-test=bench', '-json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let floodOut = '';
    let floodErr = '';
    flood.stdout.on('data', (d) => { floodOut += d; });
    flood.stderr.on('data', (d) => { floodErr += d; });
    const floodCode = await new Promise((r) => flood.on('close', r));
    if (floodCode !== 0) throw new Error(`heka-flood exited ${floodCode}: ${floodErr}`);
    const floodSummary = JSON.parse(floodOut);
    // Wait until the counter has seen every message (and one more tick to be sure it is final).
    while (!counts(counterFile).some((c) => c.total >= MESSAGES)) {
      if (Date.now() - started > TIMEOUT_MS) throw new Error(`the counter did not reach ${MESSAGES}: ${JSON.stringify(counts(counterFile).at(-1))}\n${hekadOut}`);
      await sleep(100);
    }
    const lines = counts(counterFile);
    const last = lines.findIndex((c) => c.total >= MESSAGES);
    // Full seconds only: the first tick and the one that reached N saw part of a second.
    const full = lines.slice(1, last).map((c) => c.rate).sort((a, b) => a - b);
    const seconds = last; // ticks from the first counted one to the one that reached N
    return {
      total: lines[last].total,
      counterRate: full.length > 0 ? full[Math.floor(full.length / 2)] : lines[last].rate,
      counterRateMax: full.length > 0 ? full[full.length - 1] : lines[last].rate,
      endToEnd: seconds > 0 ? Math.round((lines[last].total - lines[0].total) / seconds) : undefined,
      floodRate: floodSummary.msg_per_sec,
      rssMb: Math.round(rss / 1048576),
    };
  } finally {
    clearInterval(poll);
    hekad.kill('SIGTERM');
    await hekadExit;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'heka-bench-tcp-'));
try {
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    const r = await runOnce(dir, run);
    results.push(r);
    console.log(JSON.stringify({ bench: 'tcp-input', case: `heka-flood → TcpInput → CounterFilter (${SIZE > 0 ? `${SIZE} B` : 'Heka default'} messages)`, run, messages: MESSAGES, counted: r.total, counter_msg_per_sec: r.counterRate, counter_max_msg_per_sec: r.counterRateMax, end_to_end_msg_per_sec: r.endToEnd, flood_msg_per_sec: r.floodRate, hekad_peak_rss_mb: r.rssMb }));
  }
  console.log(JSON.stringify({
    bench: 'tcp-input', summary: true, runs: RUNS, messages: MESSAGES,
    counter_msg_per_sec: median(results.map((r) => r.counterRate)), hekad_peak_rss_mb: Math.max(...results.map((r) => r.rssMb)),
    targets: { msg_per_sec: 400_000, peak_rss_mb: 200 },
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
