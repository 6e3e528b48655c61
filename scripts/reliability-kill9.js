// kill -9 hekad halfway through a 1,000,000-line file, restart, and count lost and repeated lines
// (issue 3's reliability trial). Usage: node scripts/reliability-kill9.js [lines]  (build first)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'hekad-kill9-'));
const logs = join(dir, 'logs');
const out = join(dir, 'out.log');
mkdirSync(logs);
const lines = Array.from({ length: N }, (_, i) => `line ${String(i).padStart(8, '0')} ${'x'.repeat(30)}\n`);
const text = lines.join('');
writeFileSync(join(logs, 'big.log'), text);
const config = join(dir, 'hekad.toml');
writeFileSync(config, `[hekad]\nbase_dir = "${join(dir, 'base')}"\n\n[logs]\ntype = "LogstreamerInput"\nlog_directory = "${logs}"\nfile_match = 'big\\.log'\n\n[PayloadEncoder]\nappend_newlines = false\n\n[file]\ntype = "FileOutput"\nmessage_matcher = "TRUE"\npath = "${out}"\nencoder = "PayloadEncoder"\nflush_interval = 50\nflush_operator = "OR"\nflush_count = 1000\n`);
const size = () => (existsSync(out) ? statSync(out).size : 0);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function run(until, signal) {
  const child = spawn(process.execPath, [join(root, 'bin', 'hekad'), `-config=${config}`], { stdio: 'ignore' });
  const exited = new Promise((r) => child.on('exit', r));
  const deadline = Date.now() + 120_000;
  while (size() < until && Date.now() < deadline) await sleep(10);
  if (signal === 'SIGTERM') await sleep(500);
  child.kill(signal);
  await exited;
}

try {
  await run(text.length / 2, 'SIGKILL');
  const first = readFileSync(out, 'utf8');
  const firstLines = first.split('\n').length - 1;
  await run(text.length, 'SIGTERM');
  const all = readFileSync(out, 'utf8').split(/(?<=\n)/);
  const seen = new Map();
  for (const l of all) seen.set(l, (seen.get(l) ?? 0) + 1);
  const lost = lines.filter((l) => !seen.has(l)).length;
  const repeated = all.length - seen.size;
  const ordered = all.slice(firstLines).join('') === lines.slice(firstLines - repeated).join('') && first === lines.slice(0, firstLines).join('');
  console.log(JSON.stringify({ lines: N, killedAfter: firstLines, delivered: all.length, lost, repeated, repeatIsContiguousTail: ordered }));
  process.exitCode = lost === 0 && ordered ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
