// Running the repository's commands (bin/<name>, built first) from integration tests.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file sits at packages/core/{src,dist}/testing/). */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Uint8Array;
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** Runs bin/<name> to completion (killed after timeoutMs, default 20 s). */
export function runBin(name: string, args: string[], options: RunOptions = {}): RunResult {
  const run = spawnSync(process.execPath, [join(repoRoot, 'bin', name), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    input: options.input,
    timeout: options.timeoutMs ?? 20_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) {
    // EPIPE: the command exited before reading all its input; say how it ended, not just that.
    const how = run.status !== null ? `exit code ${run.status}` : `signal ${run.signal}`;
    throw new Error(`bin/${name} ${args.join(' ')}: ${run.error.message} (${how}); stderr:\n${run.stderr?.toString() ?? ''}`);
  }
  return { code: run.status, signal: run.signal, stdout: run.stdout.toString(), stderr: run.stderr.toString(), stdoutBytes: run.stdout };
}

/** A command running in the background, with its output collected as it comes. */
export class RunningBin {
  stdout = Buffer.alloc(0);
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (d: Buffer) => { this.stdout = Buffer.concat([this.stdout, d]); });
    child.stderr?.on('data', (d: Buffer) => { this.stderr += d.toString(); });
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves once `test` holds for the output so far; rejects after timeoutMs with what was seen. */
  async waitFor(test: (self: RunningBin) => boolean, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${timeoutMs} ms; stdout:\n${this.stdout.toString()}\nstderr:\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Kills the process if it is still running (tests call this in afterEach). */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

export function startBin(name: string, args: string[], options: Omit<RunOptions, 'input' | 'timeoutMs'> = {}): RunningBin {
  return new RunningBin(spawn(process.execPath, [join(repoRoot, 'bin', name), ...args], {
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
}

/** A file's size in bytes, 0 while it does not exist (for waiting on an output file to grow). */
export function fileSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}
