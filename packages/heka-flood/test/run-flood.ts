// Runs bin/heka-flood asynchronously (the test's servers live in this process's event loop).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@heka/core/testing';

export interface FloodRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runFlood(args: string[], timeoutMs = 60_000): Promise<FloodRunResult> {
  return startFlood(args, timeoutMs).done;
}

export interface RunningFlood {
  /** Output so far. */
  readonly output: FloodRunResult;
  readonly done: Promise<FloodRunResult>;
  /** Resolves once stderr contains `text`. */
  waitForStderr(text: string, timeoutMs?: number): Promise<void>;
  /** Resolves once stdout contains `text`. */
  waitForStdout(text: string, timeoutMs?: number): Promise<void>;
  signal(name: NodeJS.Signals): void;
}

export function startFlood(args: string[], timeoutMs = 60_000): RunningFlood {
  const output: FloodRunResult = { code: null, stdout: '', stderr: '' };
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'heka-flood'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (d: Buffer) => { output.stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output.stderr += d.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<FloodRunResult>((resolve) => {
    child.on('close', (code) => { clearTimeout(timer); output.code = code; resolve(output); });
  });
  const waitFor = async (stream: 'stdout' | 'stderr', text: string, waitMs: number): Promise<void> => {
    const deadline = Date.now() + waitMs;
    while (!output[stream].includes(text)) {
      if (Date.now() > deadline || output.code !== null) throw new Error(`heka-flood: no "${text}" on ${stream}; got:\n${output[stream]}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return {
    output,
    done,
    waitForStderr: (text, waitMs = 30_000) => waitFor('stderr', text, waitMs),
    waitForStdout: (text, waitMs = 30_000) => waitFor('stdout', text, waitMs),
    signal: (name) => { child.kill(name); },
  };
}

/** Writes a flood.toml with one [name] test section. */
export function writeConfig(dir: string, name: string, body: string): string {
  const path = join(dir, 'flood.toml');
  writeFileSync(path, `[${name}]\n${body}\n`);
  return path;
}

/** Lines without Go's "2006/01/02 15:04:05 " prefix (which must be there). */
export function unprefixed(text: string): string[] {
  return text.split('\n').filter((l) => l !== '').map((l) => {
    if (!/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /.test(l)) throw new Error(`no Go log prefix: ${l}`);
    return l.slice(20);
  });
}
