// SandboxOutput: a Lua script receives each matched message (read_message) and delivers it
// wherever it likes through Lua's io and os; timer_event(ns) on ticks (spec plugins §5.29).
import { definePlugin, encodeMessage, f, type HekadGlobals } from '@heka/core';
import { PluginExitError, type ConsumerContext, type Output, type ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import type { LuaSandbox } from '../../sandbox/lua-sandbox.js';
import { usageReport } from '../../sandbox/limits.js';
import { createPreserved, destroyPreserved, preservationPath } from '../../sandbox/preservation.js';
import { sandboxConfig, sandboxFields, type SandboxOptions } from '../../sandbox/sandbox-options.js';

export interface SandboxOutputSettings extends SandboxOptions {
  readonly timer_event_on_shutdown: boolean;
}

export class SandboxOutputInstance implements Output {
  private context: ConsumerContext | undefined;
  private sandbox: LuaSandbox | undefined;
  private readonly dataPath: string | undefined;
  private count = 0;
  private failures = 0;
  private shutdownTimerDone = false;
  private fatal = false;

  constructor(private readonly settings: SandboxOutputSettings, private readonly name: string, private readonly globals: HekadGlobals) {
    // Heka named this file `.data` for every SandboxOutput (the plugin had no name): ours is per plugin
    this.dataPath = settings.preserve_data ? preservationPath(globals.base_dir, name) : undefined;
  }

  prepare(context: ConsumerContext): void {
    this.context = context;
    const config = sandboxConfig(this.settings, this.name, this.globals);
    try {
      this.sandbox = createPreserved({ ...config, kind: 'output', instructionLimit: 0 }, this.dataPath);
    } catch (e) {
      throw new Error(`Init() ${(e as Error).message}`);
    }
  }

  /** 0: delivered; < 0: a failure, counted and logged; > 0 or a script error: the output stops. */
  processMessage(pack: Pack): void {
    const sandbox = this.started();
    const r = sandbox.processMessage(pack.bytes ?? encodeMessage(pack.message));
    if (r.status > 0 || sandbox.terminated) this.exit(r.error ?? `process_message() returned ${r.status}`);
    if (r.status < 0) {
      this.failures++;
      throw new Error(r.error || `process_message() returned ${r.status}`);
    }
    this.count++;
  }

  timerEvent(nowNs: bigint, final = false): void {
    if (final) {
      if (!this.settings.timer_event_on_shutdown || this.shutdownTimerDone) return;
      this.shutdownTimerDone = true;
    }
    const sandbox = this.started();
    const r = sandbox.timerEvent(nowNs);
    if (r.status !== 0 || sandbox.terminated) this.exit(r.error ?? `timer_event() returned ${r.status}`);
  }

  report(): readonly ReportField[] {
    const u = this.sandbox?.usage();
    if (!u) return [];
    return [
      ...usageReport(u),
      { name: 'ProcessMessageCount', value: this.count, representation: 'count' },
      { name: 'ProcessMessageFailures', value: this.failures, representation: 'count' },
    ];
  }

  cleanUp(): void {
    const sandbox = this.sandbox;
    if (!sandbox) return;
    // Heka calls timer_event at shutdown with timer_event_on_shutdown whether or not a ticker ran
    if (!sandbox.terminated && !this.fatal) {
      try {
        this.timerEvent(BigInt(Date.now()) * 1_000_000n, true);
      } catch (e) {
        this.context?.error((e as Error).message);
      }
    }
    destroyPreserved(sandbox, this.dataPath, (text) => this.context?.error(text));
  }

  private exit(error: string): never {
    this.fatal = true;
    throw new PluginExitError(`FATAL: ${error}`);
  }

  private started(): LuaSandbox {
    if (!this.sandbox) throw new Error('SandboxOutput: called before prepare');
    return this.sandbox;
  }
}

export const SandboxOutput = definePlugin({
  type: 'SandboxOutput',
  family: 'output',
  timerEvent: true,
  summary: 'Hands each matched message to a Lua script, which delivers it itself (Lua\'s io and os on the real file system); timer_event(ns) on ticks.',
  description: `
process_message() reads the message with read_message and returns 0 when it is delivered, a
negative number and an error to count a failure (the error is logged), or a positive number to
stop the output ("FATAL: …"); a script error or a limit stops it too. timer_event(ns) runs every
ticker_interval; a failure there stops the output. instruction_limit is forced to 0; the encoder
is not used. The script has Lua's io library and more of os (getenv, remove, rename, execute);
see docs/compatibility.md for what differs from Heka.
`,
  example: `
[CountToFile]
type = "SandboxOutput"
filename = "lua_outputs/count.lua"
message_matcher = "Type == 'logfile'"
ticker_interval = 60
timer_event_on_shutdown = true
`,
  config: {
    ...sandboxFields,
    timer_event_on_shutdown: f.bool({ default: false, doc: 'Call timer_event once more at shutdown, even without a ticker_interval, to flush what the script holds.' }),
  },
  common: { can_exit: true },
  create: (config, _common, { name, globals }) => new SandboxOutputInstance(config, name, globals),
});
