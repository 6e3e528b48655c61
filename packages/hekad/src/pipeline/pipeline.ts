// Builds and runs a validated configuration: outputs, then filters, start taking messages from
// the router, then the inputs start. Shutdown goes in Heka's order: stop the inputs and let them
// finish their streams, then each filter drains its queue and cleans up, then each output.
import { Field, Message, ValueType, messageSizeLimit, type PluginInstance, type ValidatedConfig } from '@heka/core';
import { ShuttingDownError, type Consumer, type DynamicFilters, type Encoder, type Input } from './contracts.js';
import { ConsumerRunner, type ConsumerRunnerDeps } from './consumer-runner.js';
import { InputRunner } from './input-runner.js';
import { runInputWithRestarts } from './input-restarts.js';
import { instantiate } from './instantiate.js';
import { Pack } from './pack.js';
import type { PipelineLog } from './log.js';
import { collectReport, formatJsonReport } from './report.js';
import { startReportTimer, wantsReports } from './report-timer.js';
import { PluginStartError } from './restarter.js';
import { Router } from './router.js';

export interface PipelineOptions {
  /** Time between heka.all-report/heka.memstat injections (tests shorten it). */
  readonly reportIntervalMs?: number;
  /** Where printing plugins (LogOutput) write instead of stdout (the -tui output pane). */
  readonly stdout?: (bytes: Uint8Array) => void | Promise<void>;
}

/** A filter added at run time: who hears when it ends, and whether it was unloaded. */
interface DynamicEntry {
  readonly onExit: (() => void) | undefined;
  unloaded: boolean;
}

export class Pipeline implements DynamicFilters {
  readonly router: Router;
  readonly inputs: InputRunner[] = [];
  readonly filters: ConsumerRunner[] = [];
  readonly outputs: ConsumerRunner[] = [];
  private readonly abort = new AbortController();
  private readonly inputRuns: Promise<void>[] = [];
  private readonly consumerRuns = new Map<ConsumerRunner, Promise<void>>();
  private inputsRunning = 0;
  private requested: ((code: number) => void) | undefined;
  /** Resolves with an exit status when the pipeline asks to be shut down (inputs done, a plugin failed). */
  readonly shutdownRequested: Promise<number>;
  private stopping: Promise<void> | undefined;
  private stopReports: (() => void) | undefined;
  private readonly dynamic = new Map<ConsumerRunner, DynamicEntry>();
  private readonly consumerDeps: Omit<ConsumerRunnerDeps, 'encoder' | 'rebuild'>;

  constructor(private readonly config: ValidatedConfig, private readonly log: PipelineLog, private readonly options: PipelineOptions = {}) {
    this.router = new Router({ sampleDenominator: config.globals.sample_denominator });
    this.shutdownRequested = new Promise((resolve) => { this.requested = resolve; });
    const { globals } = config;
    this.consumerDeps = {
      router: this.router, log: this.log, capacity: Math.max(1, globals.plugin_chansize),
      maxMessageLoops: globals.max_message_loops, maxMessageSize: messageSizeLimit(globals),
      signal: this.abort.signal, filters: this,
    };
  }

  private requestShutdown(code: number): void {
    this.requested?.(code);
    this.requested = undefined;
  }

  private byFamily(family: PluginInstance['family']): PluginInstance[] {
    return this.config.plugins.filter((p) => p.family === family);
  }

  start(): void {
    const { globals } = this.config;
    const sections = new Map(this.config.plugins.map((p) => [p.name, p] as const));
    for (const family of ['output', 'filter'] as const) {
      for (const instance of this.byFamily(family)) {
        const encoderName = (instance.common as { encoder?: string }).encoder ?? '';
        const encoderSection = encoderName === '' ? undefined : sections.get(encoderName);
        const encoder = encoderSection && instantiate<Encoder>(encoderSection, globals, `${instance.name}-${encoderName}`);
        const extra = this.options.stdout ? { stdout: this.options.stdout } : {};
        const rebuild = (): Consumer => instantiate<Consumer>(instance, globals, instance.name, extra);
        const runner = new ConsumerRunner(instance, rebuild(), { ...this.consumerDeps, encoder, rebuild });
        (family === 'output' ? this.outputs : this.filters).push(runner);
      }
    }
    // Everything is built before anything starts: a plugin that cannot be created stops nothing half-way.
    for (const instance of this.byFamily('input')) {
      this.inputs.push(new InputRunner(instance, instantiate<Input>(instance, globals), { router: this.router, globals, log: this.log, sections }));
    }
    // Filters register before outputs, so the router offers each message to them first.
    for (const runner of [...this.filters, ...this.outputs]) {
      runner.attach();
      this.log.info(`${this.outputs.includes(runner) ? 'Output' : 'Filter'} started: ${runner.name}`);
      this.consumerRuns.set(runner, this.runConsumer(runner));
    }
    this.log.info('MessageRouter started.');
    this.startReports();
    for (const runner of this.inputs) {
      this.inputsRunning++;
      this.inputRuns.push(this.runInput(runner));
      this.log.info(`Input started: ${runner.name}`);
    }
    if (this.inputs.length === 0) this.log.info('no inputs configured: hekad runs until it is stopped');
  }

  /** heka.all-report and heka.memstat on a timer, when a filter or output selects them by Type. */
  private startReports(): void {
    const deps = {
      route: (message: Message) => this.router.route(new Pack(message)),
      payload: () => formatJsonReport(collectReport(this)),
      hostname: this.config.globals.hostname,
      ...(this.options.reportIntervalMs !== undefined ? { intervalMs: this.options.reportIntervalMs } : {}),
    };
    if (wantsReports([...this.filters, ...this.outputs].map((r) => r.matcher), deps)) this.stopReports = startReportTimer(deps);
  }

  private async runInput(runner: InputRunner): Promise<void> {
    let failure: string | undefined;
    try {
      failure = await runInputWithRestarts(runner, this.abort.signal, () => instantiate<Input>(runner.instance, this.config.globals));
    } finally {
      this.inputsRunning--;
    }
    if (this.abort.signal.aborted) return;
    // A failure without can_exit asks for shutdown with status 1; a later request does not change it.
    if (failure !== undefined) this.pluginStopped(runner.instance, `Input '${runner.name}'`, failure);
    // Every input is done (stdin at its end, can_exit inputs gone): drain what is in flight and exit.
    if (this.inputsRunning === 0) this.requestShutdown(0);
  }

  private async runConsumer(runner: ConsumerRunner): Promise<void> {
    let failure: string | undefined;
    try {
      await runner.run();
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      if (e instanceof PluginStartError) this.log.error(`${this.outputs.includes(runner) ? 'Output' : 'Filter'} '${runner.name}' failed to start: ${failure}`);
      else runner.error(failure);
      runner.queue.close();
    }
    if (this.stopping) {
      // Gave up a restart at shutdown: inputs still draining must not wait for its full queue.
      if (runner.exitedOnItsOwn) this.router.remove(runner.name);
      return;
    }
    // The plugin stopped on its own (or was unloaded): stop offering it messages.
    this.router.remove(runner.name);
    const dynamic = this.dynamic.get(runner);
    if (dynamic) {
      this.dynamic.delete(runner);
      this.filters.splice(this.filters.indexOf(runner), 1);
      this.consumerRuns.delete(runner);
      dynamic.onExit?.();
      if (dynamic.unloaded) failure ??= 'Filter unloaded.';
    }
    this.pluginStopped(runner.instance, `Plugin '${runner.name}'`, failure ?? runner.lastError, dynamic !== undefined);
  }

  hasFilter(name: string): boolean {
    return this.filters.some((r) => r.name === name && this.dynamic.get(r)?.unloaded !== true);
  }

  async addFilter(instance: PluginInstance, onExit?: () => void): Promise<void> {
    const refusal = (): Error | undefined => this.stopping ? new ShuttingDownError()
      : this.hasFilter(instance.name) ? new Error(`${instance.name} is already running`) : undefined;
    const before = refusal();
    if (before !== undefined) throw before;
    const runner = new ConsumerRunner(instance, instantiate<Consumer>(instance, this.config.globals), this.consumerDeps);
    await runner.prepare();
    // Preparing may take a while: shutdown or a filter of the same name may have come first.
    const after = refusal();
    if (after !== undefined) {
      await runner.plugin.cleanUp?.();
      throw after;
    }
    this.dynamic.set(runner, { onExit, unloaded: false });
    this.filters.push(runner);
    runner.attach();
    this.consumerRuns.set(runner, this.runConsumer(runner));
  }

  removeFilter(name: string): boolean {
    if (this.stopping) return false;
    const runner = this.filters.find((r) => r.name === name && this.dynamic.get(r)?.unloaded === false);
    if (!runner) return false;
    this.dynamic.get(runner)!.unloaded = true;
    // Its queue closes: it processes what was queued, cleans up (preserve_data) and ends.
    this.router.remove(name);
    return true;
  }

  /**
   * A plugin stopped before shutdown. Without can_exit hekad shuts down (status 1); with it the
   * rest runs on and a heka.terminated message says which plugin ended and why. Filters added at
   * run time may always exit.
   */
  private pluginStopped(instance: PluginInstance, label: string, error: string | undefined, canExit = false): void {
    if (!canExit && !(instance.common as { can_exit?: boolean }).can_exit) {
      this.log.error(`${label}: has stopped, shutting down.`);
      this.requestShutdown(1);
      return;
    }
    this.log.info(`${label}: has stopped, exiting plugin without shutting down.`);
    const message = Message.create({
      type: 'heka.terminated',
      logger: 'hekad',
      hostname: this.config.globals.hostname,
      pid: process.pid,
      payload: `${instance.name} (type ${instance.type}) terminated. Error: ${error ?? 'Run exited.'}`,
      fields: [new Field({ name: 'plugin', valueType: ValueType.STRING, values: [instance.name] })],
    });
    void this.router.route(new Pack(message));
  }

  /** SIGHUP: every filter and output that reacts to Heka's reload event. */
  async reload(): Promise<void> {
    for (const runner of [...this.filters, ...this.outputs]) {
      try {
        await runner.plugin.reload?.();
      } catch (e) {
        runner.error(`reload: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  /** Heka's shutdown order; safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.stopReports?.();
    for (const input of this.inputs) this.log.info(`Stop message sent to input '${input.name}'`);
    this.abort.abort();
    await Promise.all(this.inputRuns);
    for (const group of [[...this.filters], this.outputs]) {
      const kind = group === this.outputs ? 'output' : 'filter';
      for (const runner of group) {
        this.log.info(`Stop message sent to ${kind} '${runner.name}'`);
        this.router.remove(runner.name);
      }
      await Promise.all(group.map((runner) => this.consumerRuns.get(runner)));
    }
    // The final flushes delivered the last records: hekad exits once the inputs checkpointed them.
    await Promise.all(this.inputs.map((runner) => runner.input.checkpointed?.().catch((e: unknown) => runner.error(`checkpoint: ${(e as Error).message}`))));
    this.log.info('Shutdown complete.');
  }
}
