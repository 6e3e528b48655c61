// hekad end to end: LogstreamerInput → PayloadEncoder → FileOutput over 1,000,000 lines of about
// 200 bytes (issue 3, benchmark a), and the time from spawning hekad to the first byte in the
// output for a one-line file (benchmark b). Runs the built `bin/hekad`: `pnpm build` first.
//
//   node scripts/bench/pipeline.bench.js [--lines N] [--runs N] [--keep]
//
// The input file is generated once into $TMPDIR/heka-bench-pipeline and reused. Each run gets a
// fresh base_dir (so the journal starts empty and the whole file is read) and output file. The
// wall time is from spawn until the output file holds every input byte (its size is polled every
// 2 ms), so it includes node start-up and config loading; peak RSS is VmHWM from
// /proc/<pid>/status, read just before SIGTERM. The output is then compared with the input byte
// for byte. One JSON line per run and a summary line (median of the runs).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, numberArg } from './process.js';
import { runHekad } from './hekad-run.js';


const args = process.argv.slice(2);
const LINES = numberArg('lines', 1_000_000);
const RUNS = numberArg('runs', 3);
const KEEP = args.includes('--keep');
const LINE_BYTES = 200; // including the newline
const TIMEOUT_MS = 120_000;

// FileOutput flush settings used by the benchmark: a write (writev + fsync) when 5,000 messages
// are batched or every 100 ms, whichever comes first (plus the 4 MiB batch cap of the output).
const FLUSH = { flush_count: numberArg('flush-count', 5_000), flush_interval: 100, flush_operator: 'OR' };
// Start to first message: every message written at once (flush_count 1), so the time measured is
// hekad's, not a flush timer's.
const FLUSH_FIRST = { flush_count: 1, flush_interval: 100, flush_operator: 'OR' };

const base = join(tmpdir(), 'heka-bench-pipeline');

/** Deterministic access-log-like lines, each exactly LINE_BYTES bytes with its newline. */
function generate(dir, lines) {
  const file = join(dir, 'bench.log');
  const want = lines * LINE_BYTES;
  if (existsSync(file) && statSync(file).size === want) return file;
  mkdirSync(dir, { recursive: true });
  const paths = ['/api/v1/items', '/index.html', '/static/app.js', '/api/v2/users/42', '/login', '/search?q=heka'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64) Firefox/118.0', 'curl/8.4.0', 'Mozilla/5.0 (Macintosh) Safari/605.1.15'];
  const out = Buffer.allocUnsafe(want);
  let seed = 12345;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < lines; i++) {
    let line = `10.${rand(256)}.${rand(256)}.${rand(256)} - - [21/Nov/2026:10:${String(rand(60)).padStart(2, '0')}:${String(rand(60)).padStart(2, '0')} +0000] "GET ${paths[rand(paths.length)]} HTTP/1.1" ${[200, 200, 200, 304, 404, 500][rand(6)]} ${rand(100000)} "-" "${agents[rand(agents.length)]}" #${i}`;
    line = line.length >= LINE_BYTES - 1 ? line.slice(0, LINE_BYTES - 1) : line.padEnd(LINE_BYTES - 1, '.');
    out.write(line + '\n', i * LINE_BYTES, 'latin1');
  }
  writeFileSync(file, out);
  return file;
}

function config(logDir, baseDir, output, flush) {
  return `[hekad]
base_dir = ${JSON.stringify(baseDir)}

[bench_input]
type = "LogstreamerInput"
log_directory = ${JSON.stringify(logDir)}
file_match = 'bench\\.log'

[PayloadEncoder]
append_newlines = false

[bench_output]
type = "FileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(output)}
encoder = "PayloadEncoder"
flush_count = ${flush.flush_count}
flush_interval = ${flush.flush_interval}
flush_operator = "${flush.flush_operator}"
`;
}

/** Runs hekad on a fresh directory until `output` holds `bytes` bytes. */
async function runCase(name, logDir, bytes, flush = FLUSH) {
  // Per process: two benchmarks running at once (several engineers share the machine) must not
  // share, or delete, each other's run directories.
  const dir = join(base, 'runs', `${process.pid}-${name}`);
  const output = join(dir, 'out.log');
  const r = await runHekad({ name, dir, output, config: config(logDir, join(dir, 'base'), output, flush), done: (size) => size >= bytes, timeoutMs: TIMEOUT_MS });
  return { ...r, output, dir };
}

function sameBytes(a, b) {
  const x = readFileSync(a);
  const y = readFileSync(b);
  return x.length === y.length && x.equals(y);
}


async function main() {
  const dataDir = join(base, `data-${LINES}`);
  const input = generate(dataDir, LINES);
  const bytes = LINES * LINE_BYTES;
  const inputHash = createHash('sha256').update(readFileSync(input)).digest('hex').slice(0, 16);

  const results = [];
  for (let run = 1; run <= RUNS; run++) {
    const r = await runCase(`throughput-${run}`, dataDir, bytes);
    const identical = sameBytes(input, r.output);
    const result = {
      bench: 'pipeline', case: 'LogstreamerInput → PayloadEncoder → FileOutput', run, lines: LINES, bytes,
      flush: FLUSH, wallMs: Math.round(r.wallMs), cpuMs: r.cpuMs, linesPerCpuSec: Math.round(LINES / (r.cpuMs / 1000)), linesPerSec: Math.round(LINES / (r.wallMs / 1000)),
      mbPerSec: Math.round((bytes / 1e6 / (r.wallMs / 1000)) * 10) / 10, peakRssMB: Math.round(r.peakKb / 1024),
      firstByteMs: Math.round(r.firstByteMs), identical, exit: r.exitCode ?? r.signal, inputSha256: inputHash,
    };
    console.log(JSON.stringify(result));
    results.push(result);
    if (!identical) {
      console.error(`output differs from input (${r.output})`);
      process.exitCode = 1;
    }
    if (!KEEP) rmSync(r.dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({
    bench: 'pipeline', case: 'summary (median)', lines: LINES, runs: RUNS,
    linesPerSec: median(results.map((r) => r.linesPerSec)), linesPerCpuSec: median(results.map((r) => r.linesPerCpuSec)), wallMs: median(results.map((r) => r.wallMs)),
    peakRssMB: median(results.map((r) => r.peakRssMB)), maxPeakRssMB: Math.max(...results.map((r) => r.peakRssMB)),
    targets: { linesPerSec: 1_000_000, peakRssMB: 150 },
  }));

  // Start to first delivered message: a one-line file, time from spawn to its first output byte.
  const oneDir = join(base, 'data-one');
  mkdirSync(oneDir, { recursive: true });
  writeFileSync(join(oneDir, 'bench.log'), 'x'.repeat(LINE_BYTES - 1) + '\n');
  const firsts = [];
  for (let run = 1; run <= Math.max(RUNS, 5); run++) {
    const r = await runCase(`first-${run}`, oneDir, LINE_BYTES, FLUSH_FIRST);
    firsts.push(r.firstByteMs);
    if (!sameBytes(join(oneDir, 'bench.log'), r.output)) {
      console.error('one-line output differs from input');
      process.exitCode = 1;
    }
    if (!KEEP) rmSync(r.dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify({
    bench: 'pipeline', case: 'start to first delivered message (one line)', runs: firsts.length,
    firstByteMs: Math.round(median(firsts)), minMs: Math.round(Math.min(...firsts)), maxMs: Math.round(Math.max(...firsts)), targetMs: 300,
  }));
}

await main();
