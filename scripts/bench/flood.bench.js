// heka-flood's send rate alone: the built bin/heka-flood floods a sink on 127.0.0.1 that only
// counts bytes (its own process, so it does not share the flood's event loop), for a few test
// sections. The rate is heka-flood's -json summary (sends / wall seconds of the send loop,
// including the final flush); the sink's byte count must equal the bytes heka-flood says it
// sent. Peak RSS is VmHWM of the heka-flood process, polled every 50 ms.
//
//   node scripts/bench/flood.bench.js [--messages N] [--runs N]
//
// One JSON line per run and one summary line per case (median of the runs).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, numberArg, peakRssBytes } from './process.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FLOOD = join(root, 'packages', 'heka-flood', 'bin', 'heka-flood.js');
const MESSAGES = numberArg('messages', 1_000_000);
const RUNS = numberArg('runs', 3);

const CASES = [
  { name: 'fixed 1000 B payload (Heka default)', body: '', messages: MESSAGES },
  { name: 'fixed 100 B payload', body: 'static_message_size = 100\n', messages: MESSAGES },
  { name: 'variable sizes, 10% signed', body: 'variable_size_messages = true\nsigned_percentage = 10.0\n[bench.signer]\nname = "b"\nhmac_key = "k"\n', messages: Math.max(1, Math.floor(MESSAGES / 10)) },
];

// The sink: accepts connections, counts bytes, prints the total when its stdin closes.
const SINK = `
const net = require('node:net');
let bytes = 0;
const server = net.createServer((c) => { c.on('data', (d) => { bytes += d.length; }); c.on('error', () => {}); });
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.stdin.on('data', () => console.log(bytes));
process.stdin.resume();
`;

function startSink() {
  const child = spawn(process.execPath, ['-e', SINK], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  let waiting;
  child.stdout.on('data', (d) => {
    lines.push(...d.toString().trim().split('\n'));
    waiting?.();
  });
  const next = async () => {
    while (lines.length === 0) await new Promise((r) => { waiting = r; });
    return Number(lines.shift());
  };
  return { child, next };
}

async function runOnce(dir, sinkPort, c) {
  const config = join(dir, 'flood.toml');
  writeFileSync(config, `[bench]\nip_address = "127.0.0.1:${sinkPort}"\nsender = "tcp"\nnum_messages = ${c.messages}\n${c.body}`);
  const child = spawn(process.execPath, [FLOOD, `-config=${config}`, '-test=bench', '-json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let rss = 0;
  child.stdout.on('data', (d) => { stdout += d; });
  child.stderr.on('data', (d) => { stderr += d; });
  const poll = setInterval(() => { rss = Math.max(rss, peakRssBytes(child.pid)); }, 50);
  const code = await new Promise((r) => child.on('close', r));
  clearInterval(poll);
  if (code !== 0) throw new Error(`heka-flood exited ${code}: ${stderr}`);
  return { summary: JSON.parse(stdout), rss };
}

const dir = mkdtempSync(join(tmpdir(), 'heka-bench-flood-'));
try {
  for (const c of CASES) {
    const rates = [];
    const mbits = [];
    const rsses = [];
    for (let run = 0; run < RUNS; run++) {
      const sink = startSink();
      const port = await sink.next();
      const { summary, rss } = await runOnce(dir, port, c);
      sink.child.stdin.write('count\n');
      const received = await sink.next();
      sink.child.kill();
      if (received !== summary.bytes) throw new Error(`${c.name}: sink got ${received} bytes, heka-flood sent ${summary.bytes}`);
      rates.push(summary.msg_per_sec);
      mbits.push(summary.mbit_per_sec);
      rsses.push(rss);
      console.log(JSON.stringify({ bench: 'heka-flood', case: c.name, run, messages: summary.sent, seconds: summary.seconds, msg_per_sec: summary.msg_per_sec, mbit_per_sec: summary.mbit_per_sec, peak_rss_mb: Math.round(rss / 1048576), bytes_checked: received }));
    }
    console.log(JSON.stringify({ bench: 'heka-flood', case: c.name, summary: true, runs: RUNS, msg_per_sec: median(rates), mbit_per_sec: median(mbits), peak_rss_mb: Math.round(median(rsses) / 1048576) }));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
