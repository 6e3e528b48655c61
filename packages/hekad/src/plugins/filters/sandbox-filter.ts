import { Field, Message, MessageDecodeError, ValueType, compileMatcher, decodeMessage, definePlugin, encodeMessage, f, type HekadGlobals, type MessageMatcher } from '@heka/core';
import { PluginExitError, type ConsumerContext, type Filter, type ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import type { LuaSandbox} from '../../sandbox/lua-sandbox.js';
import { type InjectKind } from '../../sandbox/lua-sandbox.js';
import { createPreserved, destroyPreserved, preservationPath } from '../../sandbox/preservation.js';
import { sandboxConfig, sandboxFields, type SandboxOptions } from '../../sandbox/sandbox-options.js';
import { usageReport } from '../../sandbox/limits.js';

/** Refusal codes the sandbox core turns into the script's Lua error (see src/sandbox/c/inject.c). */
const TOO_MANY = 1;
const LOOPS = 2;
const CIRCULAR = 3;
const UNDECODABLE = 4;

export interface SandboxFilterSettings extends SandboxOptions {
  readonly message_matcher: string;
  readonly timer_event_on_shutdown: boolean;
}

/** A Lua filter: process_message per matched message, timer_event per tick, injections routed. */
export class SandboxFilterInstance implements Filter {
  private context: ConsumerContext | undefined;
  private sandbox: LuaSandbox | undefined;
  private readonly matcher: MessageMatcher;
  private current: Pack | undefined;
  private injectLeft = 0;
  private injectedCount = 0;

  constructor(
    private readonly settings: SandboxFilterSettings,
    private readonly name: string,
    private readonly globals: HekadGlobals,
  ) {
    this.matcher = compileMatcher(settings.message_matcher);
  }

  prepare(context: ConsumerContext): void {
    this.context = context;
    const config = sandboxConfig(this.settings, this.name, this.globals);
    try {
      this.sandbox = createPreserved({ ...config, admit: (bytes, kind) => this.admit(bytes, kind) }, this.dataPath());
    } catch (e) {
      throw new Error(`Init() ${(e as Error).message}`);
    }
  }

  /** Runs of records are welcome: a message is handed to Lua as bytes and nothing of the pack is kept. */
  takesRuns(): boolean {
    return true;
  }

  processMessage(pack: Pack): void {
    const sandbox = this.started();
    this.current = pack;
    this.injectLeft = this.globals.max_process_inject;
    const r = sandbox.processMessage(pack.bytes ?? encodeMessage(pack.message));
    this.current = undefined;
    if (sandbox.terminated || r.status > 0) this.terminate(r.error ?? `process_message() returned ${r.status}`);
    if (r.status < 0) throw new Error(r.error || `process_message() returned ${r.status}`);
  }

  timerEvent(nowNs: bigint, final = false): void {
    if (final && !this.settings.timer_event_on_shutdown) return;
    const sandbox = this.started();
    this.injectLeft = this.globals.max_timer_inject;
    const r = sandbox.timerEvent(nowNs);
    if (sandbox.terminated) this.terminate(r.error ?? 'timer_event() failed');
  }

  report(): readonly ReportField[] {
    const u = this.sandbox?.usage();
    if (!u) return [];
    return [
      ...usageReport(u),
      { name: 'InjectMessageCount', value: this.injectedCount, representation: 'count' },
    ];
  }

  cleanUp(): void {
    if (this.sandbox) destroyPreserved(this.sandbox, this.dataPath(), (text) => this.context?.error(text));
  }

  private dataPath(): string | undefined {
    return this.settings.preserve_data ? preservationPath(this.globals.base_dir, this.name) : undefined;
  }

  private started(): LuaSandbox {
    if (!this.sandbox) throw new Error('SandboxFilter: called before prepare');
    return this.sandbox;
  }

  /** Heka's filter rules for what a script injects: counted, stamped with this filter, routed. */
  private admit(bytes: Uint8Array, kind: InjectKind): number {
    if (this.injectLeft <= 0) return TOO_MANY;
    let message: Message;
    try {
      message = decodeMessage(bytes);
      if (kind === 'message') {
        message.type = `heka.sandbox.${message.type}`;
        message.logger = this.name;
        message.hostname = this.globals.hostname;
      }
      if (this.matcher.match(message)) return CIRCULAR;
    } catch (e) {
      if (e instanceof MessageDecodeError) return UNDECODABLE; // raw bytes from the script that only look like a message
      throw e;
    }
    if (!this.context!.inject(message, this.current)) return LOOPS;
    this.injectLeft--;
    this.injectedCount++;
    return 0;
  }

  /** The script stopped for good: say so with Heka's heka.sandbox-terminated message, then stop. */
  private terminate(error: string): never {
    this.context?.inject(Message.create({
      type: 'heka.sandbox-terminated',
      logger: 'hekad',
      hostname: this.globals.hostname,
      payload: error,
      fields: [new Field({ name: 'plugin', valueType: ValueType.STRING, values: [this.name] })],
    }));
    throw new PluginExitError(error);
  }
}

export const SandboxFilter = definePlugin({
  type: 'SandboxFilter',
  family: 'filter',
  timerEvent: true,
  summary: 'Runs a Lua script on the messages it matches and on every tick; what the script injects is routed.',
  description: 'The script defines process_message() (return 0, or a negative number and an error string) and, with a ticker_interval, timer_event(ns). inject_payload sends a heka.sandbox-output message; inject_message a message whose Type gets the prefix heka.sandbox. A script error, a positive status or a limit (memory_limit, instruction_limit, output_limit) ends the plugin with a heka.sandbox-terminated message; hekad carries on.',
  example: `
[Counter]
type = "SandboxFilter"
filename = "lua_filters/counter.lua"
message_matcher = "Type == 'logfile'"
ticker_interval = 60
  [Counter.config]
  title = "lines"
`,
  config: {
    ...sandboxFields,
    timer_event_on_shutdown: f.bool({ default: false, doc: 'Call timer_event once more at shutdown, to flush what the script holds.' }),
    profile: f.bool({ default: false, advanced: true, doc: 'Time every call for a while (Heka\'s profiling); accepted, not implemented yet.' }),
  },
  common: { can_exit: true },
  create: (config, common, { name, globals }) =>
    new SandboxFilterInstance({ ...config, message_matcher: common.message_matcher }, name, globals),
});
