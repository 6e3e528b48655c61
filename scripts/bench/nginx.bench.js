// hekad decoding nginx access logs (issue 5's benchmark): 1,000,000 lines in nginx's `combined`
// log_format through LogstreamerInput → SandboxDecoder(lua_decoders/nginx_access.lua) →
// ProtobufEncoder → FileOutput (framed). Runs the built `bin/hekad`: `pnpm build` first.
//
//   node scripts/bench/nginx.bench.js [--lines N] [--runs N] [--case single|workers|two-streams] [--keep]
//
// Cases: `single` ([hekad] maxprocs = 1: the decoder runs on the main thread), `workers`
// (maxprocs = 2: the stream's decoder runs in a worker thread) and `two-streams` (maxprocs = 2,
// the lines split over two files read by two inputs, so two decoders in two workers). The lines
// are generated once into $TMPDIR/heka-bench-nginx and reused; each run gets a fresh base_dir.
// hekad runs until the output holds one framed record per line (counted as the file grows),
// then every record is decoded and checked against the line it came from (Type, remote_addr,
// status, body_bytes_sent, in order per input). Figures: lines/s of wall time (spawn to last
// record, node start-up included), lines per CPU-second of hekad (user + system, all threads),
// peak RSS (VmHWM), the main thread's CPU time (mainCpuMs: with workers, what limits the
// rate). One JSON line per run and a summary per case (median).
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrameReader, decodeMessage } from '../../packages/core/dist/index.js';
import { median, numberArg } from './process.js';
import { runHekad } from './hekad-run.js';
import { COMBINED, line } from './nginx-lines.js';

const args = process.argv.slice(2);
const LINES = numberArg('lines', 1_000_000);
const RUNS = numberArg('runs', 3);
const KEEP = args.includes('--keep');
const ONLY = args.includes('--case') ? args[args.indexOf('--case') + 1] : undefined;
const base = join(tmpdir(), 'heka-bench-nginx');

const CASES = [
  { name: 'single', maxprocs: 1, files: 1 },
  { name: 'workers', maxprocs: 2, files: 1 },
  { name: 'two-streams', maxprocs: 2, files: 2 },
];

/** The log file of lines [from, to), written once. */
function logFile(dir, from, to) {
  const file = join(dir, `access-${from}-${to}.log`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const parts = [];
  for (let i = from; i < to; i++) parts.push(line(i).text);
  writeFileSync(`${file}.tmp`, parts.join('\n') + '\n');
  writeFileSync(file, readFileSync(`${file}.tmp`));
  rmSync(`${file}.tmp`);
  return file;
}

// ── hekad ───────────────────────────────────────────────────────────────────────────────────
function config(c, files, baseDir, output) {
  const inputs = files.map((file, n) => `
[nginx_input_${n}]
type = "LogstreamerInput"
log_directory = ${JSON.stringify(join(file, '..'))}
file_match = '${file.slice(file.lastIndexOf('/') + 1).replace(/\./g, '\\.')}'
decoder = "nginx_decoder"
`).join('');
  return `[hekad]
base_dir = ${JSON.stringify(baseDir)}
maxprocs = ${c.maxprocs}
${inputs}
[nginx_decoder]
type = "SandboxDecoder"
filename = "lua_decoders/nginx_access.lua"
  [nginx_decoder.config]
  type = "nginx.access"
  log_format = '${COMBINED}'

[ProtobufEncoder]

[bench_output]
type = "FileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(output)}
encoder = "ProtobufEncoder"
flush_count = 5000
flush_interval = 100
flush_operator = "OR"
`;
}

/** Counts the framed records of a growing file, reading only what was added since the last call. */
class FrameCounter {
  count = 0;
  #offset = 0;
  #pending = Buffer.alloc(0);
  constructor(path) { this.path = path; }

  update(size) {
    if (size <= this.#offset) return this.count;
    const fd = openSync(this.path, 'r');
    const chunk = Buffer.allocUnsafe(size - this.#offset);
    const n = readSync(fd, chunk, 0, chunk.length, this.#offset);
    closeSync(fd);
    this.#offset += n;
    let buf = this.#pending.length ? Buffer.concat([this.#pending, chunk.subarray(0, n)]) : chunk.subarray(0, n);
    let pos = 0;
    // a record: 0x1e, header length, header (0x08 + message_length varint when unsigned), 0x1f, message
    while (pos + 2 <= buf.length) {
      if (buf[pos] !== 0x1e) throw new Error(`${this.path}: no record separator at ${this.#offset - buf.length + pos}`);
      const headerLen = buf[pos + 1];
      if (pos + 2 + headerLen + 1 > buf.length) break;
      let length = 0;
      for (let p = pos + 3, shift = 0; p < pos + 2 + headerLen; p++, shift += 7) length += (buf[p] & 0x7f) * 2 ** shift;
      const end = pos + 2 + headerLen + 1 + length;
      if (end > buf.length) break;
      this.count++;
      pos = end;
    }
    this.#pending = Buffer.from(buf.subarray(pos));
    return this.count;
  }
}

/** Every record decoded and compared with its line: in order within each input. Returns problems. */
function verify(output, files) {
  const reader = new FrameReader();
  reader.push(readFileSync(output));
  const next = new Map(files.map((f, n) => [`nginx_input_${n}`, f.from]));
  const problems = [];
  let checked = 0;
  for (const item of [...reader, ...reader.finish()]) {
    if (!('message' in item)) { problems.push(`bad record: ${JSON.stringify(item)}`); continue; }
    const m = decodeMessage(item.message);
    const i = next.get(m.logger);
    if (i === undefined) { problems.push(`unexpected Logger ${m.logger}`); continue; }
    next.set(m.logger, i + 1);
    const want = line(i);
    const field = (name) => m.fields.find((f) => f.name === name)?.values[0];
    const got = { type: m.type, addr: field('remote_addr'), status: Number(field('status')), bytes: Number(field('body_bytes_sent')), ts: m.timestamp };
    if (got.type !== 'nginx.access' || got.addr !== want.addr || got.status !== want.status || got.bytes !== want.bytes || got.ts !== want.timestampNs) {
      if (problems.length < 5) problems.push(`line ${i}: got ${JSON.stringify(got, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}, want ${want.text}`);
    }
    checked++;
  }
  for (const f of files) if (next.get(f.logger) !== f.to) problems.push(`${f.logger}: ${next.get(f.logger) - f.from} of ${f.to - f.from} lines`);
  return { checked, problems };
}

async function main() {
  const summaries = [];
  for (const c of CASES) {
    if (ONLY && c.name !== ONLY) continue;
    const per = Math.ceil(LINES / c.files);
    const files = Array.from({ length: c.files }, (_, n) => {
      const from = n * per;
      const to = Math.min(LINES, from + per);
      return { from, to, logger: `nginx_input_${n}`, path: logFile(join(base, `data-${from}-${to}`), from, to) };
    });
    const results = [];
    for (let run = 1; run <= RUNS; run++) {
      const dir = join(base, 'runs', String(process.pid), `${c.name}-${run}`);
      const output = join(dir, 'out.hpb');
      const counter = new FrameCounter(output);
      const load = loadavg()[0];
      const r = await runHekad({
        name: c.name, dir, output, timeoutMs: 300_000,
        config: config(c, files.map((f) => f.path), join(dir, 'base'), output),
        done: (size) => counter.update(size) >= LINES,
      });
      const { checked, problems } = verify(output, files);
      const result = {
        bench: 'nginx', case: c.name, maxprocs: c.maxprocs, inputs: c.files, run, lines: LINES, records: counter.count, checked,
        wallMs: Math.round(r.wallMs), cpuMs: r.cpuMs, mainCpuMs: r.mainCpuMs, linesPerSec: Math.round(LINES / (r.wallMs / 1000)),
        linesPerCpuSec: Math.round(LINES / (r.cpuMs / 1000)), peakRssMB: Math.round(r.peakKb / 1024),
        loadBefore: Math.round(load * 10) / 10, loadAfter: Math.round(loadavg()[0] * 10) / 10, exit: r.exitCode ?? r.signal,
      };
      console.log(JSON.stringify(result));
      results.push(result);
      if (problems.length) {
        console.error(`${c.name} run ${run}: ${problems.join('\n')}`);
        process.exitCode = 1;
      }
      if (!KEEP) rmSync(dir, { recursive: true, force: true });
    }
    const summary = {
      bench: 'nginx', case: `${c.name} summary (median of ${RUNS})`, lines: LINES,
      linesPerSec: median(results.map((r) => r.linesPerSec)), linesPerCpuSec: median(results.map((r) => r.linesPerCpuSec)),
      cpuMs: median(results.map((r) => r.cpuMs)), peakRssMB: median(results.map((r) => r.peakRssMB)),
      targets: { linesPerCpuSec: 75_000, linesPerSecTwoWorkers: 140_000 },
    };
    console.log(JSON.stringify(summary));
    summaries.push(summary);
  }
  if (statSync(base).isDirectory() && !KEEP) rmSync(join(base, 'runs', String(process.pid)), { recursive: true, force: true });
}

await main();
