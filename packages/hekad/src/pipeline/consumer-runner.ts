// Runs one filter or output: takes matched packs from its queue in order, calls processMessage,
// releases each pack when the plugin is finished with it (at once, or later when it deferred),
// calls timerEvent every ticker_interval and cleanUp after the last message.
import { compileMatcher, frameMessage, nowNs, type ByteRangeSink, type Message, type MessageMatcher, type PluginInstance } from '@heka/core';
import { PluginExitError, RetryMessageError, type Consumer, type ConsumerContext, type Delivery, type DynamicFilters, type Encoder } from './contracts.js';
import type { PipelineLog } from './log.js';
import { encodeInto } from './encode-into.js';
import { Pack } from './pack.js';
import type { RecordRun } from './record-run.js';
import { BoundedQueue } from './queue.js';
import { SampledDuration } from './sampled-duration.js';
import type { MatchStats, Router } from './router.js';
import { PluginStartError, Restarter } from './restarter.js';
import type { RetryOptions } from './retry.js';

interface ConsumerCommon {
  readonly message_matcher: string;
  readonly message_signer: string;
  readonly ticker_interval: number;
  readonly can_exit: boolean;
  readonly encoder?: string;
  readonly use_framing?: boolean;
  readonly retries: RetryOptions;
}

export interface ConsumerRunnerDeps {
  readonly router: Router;
  readonly log: PipelineLog;
  readonly capacity: number;
  readonly maxMessageLoops: number;
  readonly maxMessageSize: number;
  /** The output's encoder instance (outputs with an `encoder`). */
  readonly encoder?: Encoder | undefined;
  /** Builds the plugin again for a restart; aborted `signal` (shutdown) ends a restart wait. */
  readonly rebuild?: () => Consumer;
  readonly signal?: AbortSignal;
  /** The pipeline's run-time filter management, offered to the plugin (SandboxManagerFilter). */
  readonly filters?: DynamicFilters;
}

const RETRY_START_MS = 10;
const RETRY_MAX_MS = 1000;

export class ConsumerRunner implements ConsumerContext {
  readonly name: string;
  readonly queue: BoundedQueue<Pack>;
  readonly matcher: MessageMatcher;
  readonly stats = { processed: 0, failures: 0, injected: 0 };
  /** processMessage time, one call in 64 timed (its synchronous part). */
  readonly processTime = new SampledDuration();
  matchStats: MatchStats | undefined;
  private readonly common: ConsumerCommon;
  private tickDue = false;
  private stopped = false;
  /** The error that stopped the plugin (PluginExitError), for the heka.terminated message. */
  lastError: string | undefined;
  /** Times the plugin was built again after it stopped (the report's and the live view's restarts). */
  restarts = 0;
  private restarter: Restarter | undefined;
  private prepared = false;

  constructor(readonly instance: PluginInstance, public plugin: Consumer, private readonly deps: ConsumerRunnerDeps) {
    this.name = instance.name;
    this.common = instance.common as unknown as ConsumerCommon;
    this.queue = new BoundedQueue<Pack>(deps.capacity);
    this.matcher = compileMatcher(this.common.message_matcher);
  }

  get filters(): DynamicFilters | undefined { return this.deps.filters; }

  log(text: string): void { this.deps.log.info(`Plugin '${this.name}': ${text}`); }
  error(text: string): void { this.deps.log.error(`Plugin '${this.name}' error: ${text}`); }

  /** Registers with the router: from now on matched messages queue up for this plugin. */
  attach(): void {
    this.matchStats = this.deps.router.add({
      name: this.name, matcher: this.matcher, signer: this.common.message_signer, queue: this.queue,
      takeNow: (pack) => this.takeNow(pack),
      canTakeRun: () => this.canTakeRun(),
      takeRun: (run) => this.takeRun(run),
    });
  }

  inject(message: Message, from?: Pack): boolean {
    const loopCount = (from?.loopCount ?? 0) + 1;
    if (loopCount > Math.max(1, this.deps.maxMessageLoops)) {
      this.error(`exceeded MaxMsgLoops = ${this.deps.maxMessageLoops}`);
      return false;
    }
    if (this.matcher.match(message)) {
      this.error('attempted to Inject a message to itself');
      return false;
    }
    const pack = new Pack(message);
    pack.loopCount = loopCount;
    this.stats.injected++;
    void this.deps.router.route(pack);
    return true;
  }

  encode(pack: Pack): Uint8Array | undefined {
    const encoder = this.deps.encoder;
    if (!encoder) throw new Error(`${this.name} has no encoder`);
    const bytes = encoder.encode(pack);
    if (bytes === undefined || !this.common.use_framing) return bytes;
    return frameMessage(bytes, undefined, this.deps.maxMessageSize);
  }

  encodeInto(pack: Pack, sink: ByteRangeSink): boolean {
    return encodeInto(this, this.deps.encoder, this.common.use_framing === true, pack, sink, this.deps.maxMessageSize);
  }

  /** Prepares the plugin; run() does it when not done before (a filter added at run time is prepared first). */
  async prepare(): Promise<void> {
    try {
      await this.plugin.prepare?.(this);
    } catch (e) {
      throw new PluginStartError(e);
    }
    this.prepared = true;
  }

  /** Processes messages until the router removes this plugin (its queue closes) and the queue is empty. */
  async run(): Promise<void> {
    if (!this.prepared) await this.prepare();
    let cleanedUp = false;
    // Stopped on its own: a Restartable plugin is built again and takes its queue on.
    while ((await this.consume()) && this.plugin.cleanupForRestart && this.deps.rebuild && !this.queue.isClosed) {
      await this.plugin.cleanupForRestart();
      if (!(await this.restart())) {
        cleanedUp = true;
        break;
      }
    }
    if (!cleanedUp) await this.plugin.cleanUp?.();
    this.dropRemaining();
  }

  /** The message loop, until the queue is closed and empty or the plugin stops: true when it stopped itself. */
  private async consume(): Promise<boolean> {
    const interval = this.common.ticker_interval;
    const ticker = interval > 0 && this.plugin.timerEvent
      ? setInterval(() => { this.tickDue = true; this.queue.wake(); }, interval * 1000)
      : undefined;
    try {
      while (!this.stopped) {
        if (this.inlineWait !== undefined) {
          const wait = this.inlineWait;
          this.inlineWait = undefined;
          await wait;
          continue;
        }
        if (this.tickDue) {
          this.tickDue = false;
          await this.timerEvent();
        }
        const pack = this.queue.poll() ?? (await this.queue.take());
        if (pack === undefined) {
          if (this.queue.isClosed && this.inlineWait === undefined) break;
          continue;
        }
        const processing = this.process(pack);
        if (processing !== undefined) await processing;
      }
    } finally {
      if (ticker) clearInterval(ticker);
    }
    // A last tick flushes what timer-driven plugins hold (Heka's final timer event at shutdown).
    if (ticker && !this.stopped) await this.timerEvent(true);
    return this.stopped;
  }

  /** Waits per `[name.retries]` and builds and prepares the plugin again; false when it gave up. */
  private async restart(): Promise<boolean> {
    this.log('stopped');
    this.restarter ??= new Restarter({
      retries: this.common.retries,
      signal: this.deps.signal ?? new AbortController().signal,
      onAttempt: () => this.log('now restarting'),
      onError: (text) => {
        this.error(text);
        this.lastError = text;
      },
    });
    const next = await this.restarter.rebuild(async () => {
      const plugin = this.deps.rebuild!();
      await plugin.prepare?.(this);
      return plugin;
    });
    if (next === undefined) return false;
    this.plugin = next;
    this.stopped = false;
    this.lastError = undefined;
    this.restarts++;
    return true;
  }

  private async timerEvent(final = false): Promise<void> {
    try {
      await this.plugin.timerEvent?.(nowNs(), final);
    } catch (e) {
      if (e instanceof PluginExitError) {
        this.stopped = true;
        this.lastError = (e as Error).message;
      }
      this.error(`timer event: ${(e as Error).message}`);
    }
  }

  // A message the router handed over directly is still being processed (the plugin returned a
  // promise): the run loop waits for it before taking the next one.
  private inlineWait: Promise<void> | undefined;
  private inline = false;

  /**
   * The router's direct hand-over: when the run loop waits for work with nothing queued, the pack
   * is processed right here, in order, without a trip through the queue. Refused (the router
   * queues it) while anything else is under way, so order and one-at-a-time processing hold.
   */
  private takeNow(pack: Pack): boolean {
    if (this.inline || this.stopped || !this.queue.consumerWaiting) return false;
    this.inline = true;
    try {
      const processing = this.process(pack);
      if (processing !== undefined) {
        this.inlineWait = processing;
        // The run loop wakes up, waits for this message, and goes on from the queue.
        this.queue.wake();
      }
    } finally {
      this.inline = false;
    }
    return true;
  }

  private canTakeRun(): boolean {
    return !this.inline && !this.stopped && this.queue.consumerWaiting && this.plugin.takesRuns?.() === true;
  }

  /**
   * The router's direct hand-over of a run of records (record-run.ts), as takeNow for each: the
   * run's one pack carries each record in turn. The plugin takes runs, so it keeps nothing of the
   * pack but a deferred delivery, and a promise it returns only asks to wait: the run loop waits
   * for them all before taking anything else.
   */
  private takeRun(run: RecordRun): void {
    const pack = run.pack;
    let waits: Promise<void>[] | undefined;
    this.inline = true;
    try {
      for (let i = 0; i < run.count; i++) {
        if (this.stopped) {
          this.leaveRecords(pack, run.count - i);
          break;
        }
        run.select(i);
        pack.retain();
        const wait = this.processRecord(pack);
        if (wait !== undefined) (waits ??= []).push(wait);
      }
    } finally {
      this.inline = false;
    }
    if (waits !== undefined) this.inlineWait = waits.length === 1 ? waits[0] : Promise.all(waits).then(() => undefined);
    if (waits !== undefined || this.stopped) this.queue.wake();
  }

  /** process() for one record of a run. */
  private processRecord(pack: Pack): Promise<void> | undefined {
    let result: void | Promise<void> = undefined;
    try {
      result = this.callPlugin(pack);
      if (!(result instanceof Promise)) this.stats.processed++;
    } catch (e) {
      this.failed(e);
    }
    this.current = undefined;
    if (!this.deferred) pack.release();
    return result instanceof Promise ? result.then(() => { this.stats.processed++; }, (e: unknown) => this.failed(e)) : undefined;
  }

  /**
   * The plugin stopped in the middle of a run: its last `count` records are lost to it, as the
   * packs still queued are (dropRemaining), and kept unfinished when hekad stops.
   */
  private leaveRecords(pack: Pack, count: number): void {
    const keep = this.keepsLost();
    if (keep) pack.retain(); // never released: the input's checkpoint stays before these records
    this.reportLost(count, keep);
  }

  // The pack being processed and whether the plugin deferred its delivery. Messages are
  // processed one at a time (run() awaits each), so one Delivery object serves them all.
  private current: Pack | undefined;
  private deferred = false;
  private readonly delivery: Delivery = {
    defer: () => {
      if (this.current === undefined) throw new Error(`${this.name}: defer() called outside processMessage`);
      this.deferred = true;
      return this.current;
    },
  };

  /** processMessage for `pack`, as the current one; one call in 64 is timed (its synchronous part). */
  private callPlugin(pack: Pack): void | Promise<void> {
    this.current = pack;
    this.deferred = false;
    const start = (this.stats.processed & 63) === 0 ? process.hrtime.bigint() : undefined;
    const result = this.plugin.processMessage(pack, this.delivery);
    if (start !== undefined) this.processTime.add(Number(process.hrtime.bigint() - start));
    return result;
  }

  /** Processes one pack; a promise only when the plugin returned one or asked for a retry. */
  private process(pack: Pack): Promise<void> | undefined {
    let result: void | Promise<void>;
    try {
      result = this.callPlugin(pack);
    } catch (e) {
      return this.processRest(pack, Promise.reject(e));
    }
    if (result instanceof Promise) return this.processRest(pack, result);
    // Finished synchronously (the common case): no promise, no microtask.
    this.stats.processed++;
    this.current = undefined;
    if (!this.deferred) pack.release();
    return undefined;
  }

  /** The first attempt returned `first`; waits for it, retrying after back-offs as asked. */
  private async processRest(pack: Pack, first: Promise<void>): Promise<void> {
    let attempt: Promise<void> | void = first;
    for (let wait = RETRY_START_MS; ; wait = Math.min(wait * 2, RETRY_MAX_MS)) {
      try {
        await attempt;
        this.stats.processed++;
        break;
      } catch (e) {
        if (e instanceof RetryMessageError && !this.stopped) {
          this.error(`${e.message} (retrying in ${wait} ms)`);
          await new Promise((r) => setTimeout(r, wait));
          try {
            attempt = this.plugin.processMessage(pack, this.delivery);
          } catch (e2) {
            attempt = Promise.reject(e2);
          }
          continue;
        }
        this.failed(e);
        break;
      }
    }
    this.current = undefined;
    if (!this.deferred) pack.release();
  }

  /** A message failed: counted and logged; a PluginExitError stops the plugin. */
  private failed(e: unknown): void {
    this.stats.failures++;
    if (e instanceof PluginExitError) {
      this.stopped = true;
      this.lastError = e.message;
    }
    this.error(e instanceof Error ? e.message : String(e));
  }

  /** After the plugin stopped on its own, packs still queued are lost: counted, and released if hekad runs on. */
  private dropRemaining(): void {
    const keep = this.keepsLost();
    let lost = 0;
    for (let pack = this.queue.poll(); pack !== undefined; pack = this.queue.poll()) {
      if (!keep) pack.release();
      lost++;
    }
    if (lost > 0) this.reportLost(lost, keep);
  }

  /**
   * Whether messages lost to the stopped plugin stay unfinished: when hekad is stopping (shutdown,
   * or this plugin's exit without can_exit) inputs do not checkpoint past them, so the next run
   * reads them again. Otherwise they are released: hekad runs on.
   */
  private keepsLost(): boolean {
    return this.deps.signal?.aborted === true || !this.common.can_exit;
  }

  private reportLost(count: number, kept: boolean): void {
    this.error(`Lost/Dropped ${count} messages${kept ? ' (not checkpointed: the next run reads them again)' : ''}`);
  }

  get exitedOnItsOwn(): boolean { return this.stopped; }
}
