import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import {
  Field, Message, ValueType, computed, definePlugin, f, nowNs, textToBytes, textToString,
  type HekadGlobals, type Text,
} from '@heka/core';
import { ShuttingDownError, type ConsumerContext, type DynamicFilters, type Filter, type ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import { PluginStartError } from '../../pipeline/restarter.js';
import { DEFAULT_INSTRUCTION_LIMIT, DEFAULT_MEMORY_LIMIT, DEFAULT_OUTPUT_LIMIT } from '../../sandbox/limits.js';
import { firstSection, managedInstance, sandboxName, scriptTypeOf, type ManagedLimits } from '../../sandbox/managed-config.js';
import { SandboxWorkdir } from '../../sandbox/sandbox-workdir.js';
import { shareDir } from '../../sandbox/share-dir.js';

/** A control message stamped further than this from now (either way) is discarded. */
const MAX_SKEW_NS = 5_000_000_000n;
const NS_PER_SECOND = 1_000_000_000n;

export interface SandboxManagerSettings extends ManagedLimits {
  readonly working_directory: string;
  readonly max_filters: number;
}

/** The value of a STRING field (Heka read only string values), or undefined. */
function stringField(message: Message, name: string): Text | undefined {
  const field = message.field(name);
  return field !== undefined && field.valueType === ValueType.STRING ? (field.value(0) as Text | undefined) : undefined;
}

/** Loads and unloads SandboxFilters as heka.control.sandbox messages ask, and keeps them across restarts. */
export class SandboxManagerFilterInstance implements Filter {
  private context: ConsumerContext | undefined;
  private filters: DynamicFilters | undefined;
  private readonly workdir: SandboxWorkdir;
  private readonly limits: ManagedLimits;
  /** Running filters by full name; the token tells a filter from a later one of the same name. */
  private readonly running = new Map<string, object>();
  private processed = 0;

  constructor(private readonly settings: SandboxManagerSettings, private readonly name: string, private readonly globals: HekadGlobals) {
    const dir = settings.working_directory;
    this.workdir = new SandboxWorkdir(isAbsolute(dir) ? dir : join(globals.base_dir, dir));
    const { module_directory, memory_limit, instruction_limit, output_limit } = settings;
    this.limits = { module_directory, memory_limit, instruction_limit, output_limit };
  }

  async prepare(context: ConsumerContext): Promise<void> {
    if (!context.filters) throw new Error('SandboxManagerFilter runs only inside hekad\'s pipeline');
    this.context = context;
    this.filters = context.filters;
    this.workdir.create();
    await this.restore();
  }

  processMessage(pack: Pack): void | Promise<void> {
    this.processed++;
    const message = pack.message;
    const skew = nowNs() - message.timestamp;
    if (skew >= MAX_SKEW_NS || skew <= -MAX_SKEW_NS) {
      // Heka logged this only when the manager used a disk buffer; a silent discard hides replays and bad clocks.
      throw new Error(`Discarded control message: ${skew / NS_PER_SECOND} seconds skew`);
    }
    const action = stringField(message, 'action');
    const verb = action === undefined ? undefined : textToString(action);
    if (verb === 'load') return this.load(pack);
    if (verb === 'unload') this.unload(message);
    // Any other action is ignored, as in Heka.
  }

  report(): readonly ReportField[] {
    return [
      { name: 'RunningFilters', value: this.running.size, representation: 'count' },
      { name: 'ProcessMessageCount', value: this.processed, representation: 'count' },
    ];
  }

  private get ctx(): ConsumerContext {
    if (!this.context) throw new Error('SandboxManagerFilter: called before prepare');
    return this.context;
  }

  private async load(pack: Pack): Promise<void> {
    if (this.running.size >= this.settings.max_filters) {
      this.ctx.error(`${this.name} attempted to load more than ${this.settings.max_filters} filters`);
      return;
    }
    try {
      await this.loadSandbox(pack.message);
    } catch (e) {
      const text = (e as Error).message;
      this.ctx.error(text);
      this.ctx.inject(Message.create({
        type: 'heka.sandbox-terminated',
        logger: 'hekad',
        hostname: this.globals.hostname,
        pid: process.pid,
        payload: text,
        fields: [new Field({ name: 'plugin', valueType: ValueType.STRING, values: [this.name] })],
      }), pack);
    }
  }

  private async loadSandbox(message: Message): Promise<void> {
    const config = stringField(message, 'config');
    if (config === undefined) throw new Error('loadSandbox failed: the control message has no string field "config" with the filter\'s TOML');
    const section = firstSection(textToString(config), `${this.name} control message`);
    const name = sandboxName(this.name, section.name);
    if (this.filters!.hasFilter(name)) throw new Error(`loadSandbox failed: ${name} is already running`);
    if (section.ignored.length > 0) this.ctx.log(`${name}: only the first section is loaded; ignored [${section.ignored.join('], [')}]`);
    this.ctx.log(`Loading: ${name}`);
    await this.start(name, section.table, (script) => {
      this.writeFile(this.workdir.configPath(name), textToBytes(config));
      this.writeFile(script, message.payloadBytes);
    });
  }

  private writeFile(path: string, bytes: Uint8Array): void {
    try {
      this.workdir.write(path, bytes);
    } catch (e) {
      throw new Error(`loadSandbox failed: cannot write ${path}: ${(e as Error).message}`);
    }
  }

  /** Builds, prepares and registers one filter; on any failure its files are deleted. */
  private async start(name: string, table: Readonly<Record<string, unknown>>, writeFiles?: (script: string) => void): Promise<void> {
    const script = this.workdir.scriptPath(name, scriptTypeOf(table));
    const token = {};
    try {
      writeFiles?.(script);
      const instance = managedInstance(name, table, script, this.limits, this.globals);
      this.running.set(name, token);
      await this.filters!.addFilter(instance, () => {
        if (this.running.get(name) === token) this.running.delete(name);
      });
    } catch (e) {
      if (this.running.get(name) === token) this.running.delete(name);
      // Stopped by the shutdown, not broken: the files stay for the next start.
      if (e instanceof ShuttingDownError) throw e;
      this.workdir.removeAll(name);
      if (e instanceof PluginStartError) throw new Error(`Initialization failed for '${name}': ${e.message}`);
      throw e;
    }
  }

  private unload(message: Message): void {
    const given = stringField(message, 'name');
    if (given === undefined) return;
    const name = sandboxName(this.name, textToString(given));
    // Only this manager's own filters; an unknown name is a no-op, as in Heka.
    if (!this.running.has(name) || !this.filters!.removeFilter(name)) return;
    this.running.delete(name);
    this.workdir.removeAll(name);
  }

  /** Loads again every filter this manager ran before hekad stopped; a failing one is logged and its files deleted. */
  private async restore(): Promise<void> {
    for (const name of this.workdir.persisted(this.name)) {
      const path = this.workdir.configPath(name);
      try {
        const section = firstSection(readFileSync(path, 'utf8'), path);
        this.ctx.log(`Loading: ${name}`);
        await this.start(name, section.table);
      } catch (e) {
        this.ctx.error(`restoreSandboxes failed: ${name}: ${(e as Error).message}`);
        if (e instanceof ShuttingDownError) return;
        this.workdir.removeAll(name);
      }
    }
  }
}

export const SandboxManagerFilter = definePlugin({
  type: 'SandboxManagerFilter',
  family: 'filter',
  summary: 'Loads and unloads SandboxFilters while hekad runs, as signed heka.control.sandbox messages (heka-sbmgr) ask.',
  description: [
    'A control message with Fields[action] = "load" carries the Lua script as its Payload and the filter\'s TOML as Fields[config] (one [name] section with type = "SandboxFilter"); "unload" names the filter in Fields[name].',
    'A loaded filter is called `<manager>-<name>` (every character other than a letter, digit or "_" becomes "_"). Its config and script are written to working_directory as `<manager>-<name>.toml` and `.lua` (mode 0600) and loaded again when hekad restarts; unload deletes them (preserve_data state stays in <base_dir>/sandbox_preservation).',
    'The section is checked as strictly as one in hekad.toml; filename, module_directory and the three limits are the manager\'s. A load that fails is logged and reported by a heka.sandbox-terminated message (Logger hekad, field plugin = the manager, Payload = the error). A control message stamped 5 seconds or more away from hekad\'s clock is discarded and logged.',
    'Set message_signer: otherwise anyone who can reach the input can run code in hekad. The TcpInput (or its HekaFramingSplitter) needs the signer\'s key in a `[name.signer.<signer>_<version>]` table.',
  ].join('\n\n'),
  example: `
[OpsSandboxManager]
type = "SandboxManagerFilter"
message_signer = "ops"
max_filters = 100
`,
  config: {
    working_directory: f.string({ default: 'sbxmgrs', doc: 'Where the loaded filters\' configs and scripts are kept (relative to base_dir; created with mode 0700). Managers sharing it keep apart by name.' }),
    module_directory: f.string({
      default: computed((c) => join(shareDir(c.globals), 'lua_modules'), '<share_dir>/lua_modules'),
      doc: 'Where require() finds Lua modules, for every filter this manager loads.',
    }),
    max_filters: f.int({ default: 0, min: 0, doc: 'Most filters this manager runs at once. The default 0 loads none: set it.' }),
    memory_limit: f.uint({ default: DEFAULT_MEMORY_LIMIT, unit: 'B', doc: 'memory_limit of every filter this manager loads (whatever its config says).' }),
    instruction_limit: f.uint({ default: DEFAULT_INSTRUCTION_LIMIT, doc: 'instruction_limit of every filter this manager loads (per process_message or timer_event call).' }),
    output_limit: f.uint({ default: DEFAULT_OUTPUT_LIMIT, unit: 'B', doc: 'output_limit of every filter this manager loads.' }),
  },
  common: { message_matcher: "Type == 'heka.control.sandbox'" },
  create: (config, _common, { name, globals }) => new SandboxManagerFilterInstance(config, name, globals),
});
