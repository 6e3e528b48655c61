// SandboxInput: a Lua script makes messages. process_message() runs once at start and again on
// every ticker_interval tick while it returns <= 0; it injects messages with inject_message.
import { MessageDecodeError, decodeMessage, definePlugin, type HekadGlobals, type Message } from '@heka/core';
import type { Input, InputContext, ReportField } from '../../pipeline/contracts.js';
import type { LuaSandbox } from '../../sandbox/lua-sandbox.js';
import { usageReport } from '../../sandbox/limits.js';
import { createPreserved, destroyPreserved, preservationPath } from '../../sandbox/preservation.js';
import { sandboxConfig, sandboxFields, type SandboxOptions } from '../../sandbox/sandbox-options.js';
import { configuredZone, wallClockIn } from '../decoders/zone-time.js';

/** The sandbox core's refusal code for bytes that are no Heka message (src/sandbox/c/inject.c). */
const UNDECODABLE = 4;

export class SandboxInputInstance implements Input {
  private readonly sandbox: LuaSandbox;
  private readonly tz: string | undefined;
  private readonly dataPath: string | undefined;
  private pending: Message[] = [];
  private count = 0;
  private failures = 0;
  private bytes = 0;

  /** Runs the script once: a missing file, a bad tz or a load error stops hekad at startup. */
  constructor(settings: SandboxOptions, name: string, globals: HekadGlobals, private readonly tickerSeconds: number) {
    // Heka named this file `.data` for every SandboxInput (the plugin had no name): ours is per plugin
    this.dataPath = settings.preserve_data ? preservationPath(globals.base_dir, name) : undefined;
    try {
      this.tz = configuredZone(settings.config, name);
      const config = sandboxConfig(settings, name, globals);
      this.sandbox = createPreserved({ ...config, kind: 'input', instructionLimit: 0, admit: (bytes) => this.admit(bytes) }, this.dataPath);
    } catch (e) {
      throw new Error(`Input '${name}': Init() ${(e as Error).message}`);
    }
  }

  async run(context: InputContext, signal: AbortSignal): Promise<void> {
    try {
      for (let next = Date.now(); ;) {
        const r = this.sandbox.processMessage(new Uint8Array());
        // what one call injected is routed when it returns, waiting whenever the pipeline is full
        const messages = this.pending;
        this.pending = [];
        for (const message of messages) await context.deliver(message);
        if (r.status > 0 || this.sandbox.terminated) {
          context.error(r.error ?? `process_message() returned ${r.status}`);
          return;
        }
        if (r.status < 0) {
          this.failures++;
          if (r.error) context.error(r.error);
        }
        if (this.tickerSeconds <= 0) {
          context.log('single run completed');
          return;
        }
        next += this.tickerSeconds * 1000;
        if (next < Date.now()) next = Date.now(); // ticks missed while the script ran are dropped, as Go's ticker does
        if (!(await sleepUntil(next, signal))) return;
      }
    } finally {
      destroyPreserved(this.sandbox, this.dataPath, (text) => context.error(text));
    }
  }

  report(): readonly ReportField[] {
    return [
      ...usageReport(this.sandbox.usage()),
      { name: 'ProcessMessageCount', value: this.count, representation: 'count' },
      { name: 'ProcessMessageFailures', value: this.failures, representation: 'count' },
      { name: 'ProcessMessageBytes', value: this.bytes, representation: 'B' },
    ];
  }

  /** inject_message: the bytes must be a Heka message; `tz` re-reads its Timestamp. */
  private admit(bytes: Uint8Array): number {
    let message: Message;
    try {
      message = decodeMessage(bytes);
    } catch (e) {
      if (e instanceof MessageDecodeError) return UNDECODABLE;
      throw e;
    }
    if (this.tz !== undefined) message.timestamp = wallClockIn(message.timestamp, this.tz);
    this.pending.push(message);
    this.count++;
    this.bytes += bytes.length;
    return 0;
  }
}

/** Resolves true at `when`, false at once when hekad stops first. */
function sleepUntil(when: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(ok);
    };
    const onAbort = (): void => done(false);
    const timer = setTimeout(() => done(true), Math.max(0, when - Date.now()));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const SandboxInput = definePlugin({
  type: 'SandboxInput',
  family: 'input',
  summary: 'Runs a Lua script that makes messages: process_message() runs at start and on every ticker_interval tick, and injects them with inject_message.',
  description: `
process_message() takes no message; it returns 0 (or a negative number and an error, counted as a
failure) to be called again at the next tick, or a positive number to stop the input. With
ticker_interval = 0 it runs once ("single run completed"). instruction_limit is forced to 0.
The script has Lua's io library and more of os (getenv, remove, rename, execute), on the real
file system; see docs/compatibility.md for what differs from Heka (messages injected during one
call are routed when it returns; io.popen and reading hekad's stdin are not available). A \`tz\`
key in the config table re-reads injected Timestamps, computed as UTC wall-clock time, in that zone.
decoder and splitter are ignored.
`,
  example: `
[LoadAvg]
type = "SandboxInput"
filename = "lua_inputs/loadavg.lua"
ticker_interval = 60
`,
  config: { ...sandboxFields },
  common: { can_exit: true },
  create: (config, common, { name, globals }) => new SandboxInputInstance(config, name, globals, common.ticker_interval),
});
