// Runs the built `bin/hekad` on a config for a benchmark and measures it: wall time from spawn
// (node start-up included) until `done(outputSize)` says the output is complete (polled every
// 2 ms), the time to the output's first byte, peak RSS (VmHWM) and CPU time (user + system of
// the whole process, worker threads included; and of its main thread) read from /proc just
// before SIGTERM. HEKAD_BENCH_THREADS=1 prints CPU per thread and the main thread's run delay (stderr).
// HEKAD_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") is passed to node.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { cpuMs, memoryKb, threadCpuMs, threadSched, threadsCpuMs } from './process.js';

const HEKAD = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'hekad', 'bin', 'hekad.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Writes `config` to `<dir>/hekad.toml` (dir emptied first), runs hekad until `done(size)` is
 * true for the size of `output`, then stops it with SIGTERM. Throws when `timeoutMs` passes first.
 */
export async function runHekad({ name, dir, config, output, done, timeoutMs = 120_000 }) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cfg = join(dir, 'hekad.toml');
  writeFileSync(cfg, config);
  const start = performance.now();
  const child = spawn(process.execPath, [...(process.env.HEKAD_NODE_ARGS?.split(' ').filter(Boolean) ?? []), HEKAD, '-config', cfg], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  let exited = false;
  const exit = new Promise((r) => child.on('exit', (code, signal) => { exited = true; r({ code, signal }); }));
  let peakKb = 0;
  let firstByteMs;
  let finished = false;
  while (!exited) {
    let size = 0;
    try { size = statSync(output).size; } catch { size = 0; }
    if (size > 0 && firstByteMs === undefined) firstByteMs = performance.now() - start;
    const m = memoryKb(child.pid);
    peakKb = Math.max(peakKb, m.hwm, m.rss);
    if (done(size)) { finished = true; break; }
    if (performance.now() - start > timeoutMs) break;
    await sleep(2);
  }
  const wallMs = performance.now() - start;
  peakKb = Math.max(peakKb, memoryKb(child.pid).hwm);
  const cpu = cpuMs(child.pid);
  const mainCpu = threadCpuMs(child.pid, child.pid);
  if (process.env.HEKAD_BENCH_THREADS) console.error(JSON.stringify({ threads: threadsCpuMs(child.pid), main: threadSched(child.pid, child.pid) }));
  child.kill('SIGTERM');
  const { code, signal } = await exit;
  if (!finished) throw new Error(`${name}: the output ${output} was not complete after ${Math.round(wallMs)} ms (exit ${code ?? signal})\n${stderr}`);
  return { wallMs, cpuMs: cpu, mainCpuMs: mainCpu, firstByteMs, peakKb, exitCode: code, signal, stderr };
}
