import { computed, definePlugin, f, formatStrftime, nowNs, UINT32_MAX, type ConfigValues } from '@heka/core';
import { RetryMessageError, type ConsumerContext, type Deferred, type Delivery, type Output, type ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import { FlushPolicy } from './flush-policy.js';
import { nodeFs, OutputFile, type OutputFs } from './output-file.js';
import { WriteBatch } from './write-batch.js';

const octal = (value: string) =>
  /^[0-7]{1,4}$/.test(value) ? undefined : { message: `expected an octal permission such as "644", got "${value}"`, hint: 'write the mode as octal digits in a string, e.g. "644"' };

const options = {
  path: f.string({ required: true, example: '/var/log/heka/output.log', doc: 'File to append to. With rotation_interval it is a strftime pattern, expanded in local time.' }),
  perm: f.string({ default: '644', doc: 'Octal permissions of the file when it is created.', check: octal }),
  folder_perm: f.string({ default: '700', doc: 'Octal permissions of parent directories created for it.', check: octal }),
  flush_interval: f.uint({ default: 1000, unit: 'ms', max: UINT32_MAX, doc: 'Milliseconds between writes of the batch; 0 turns the timer off.' }),
  flush_count: f.uint({ default: 1, min: 1, max: UINT32_MAX, doc: 'Messages to batch before a write.' }),
  flush_operator: f.oneOf(['AND', 'OR'], { default: 'AND', doc: 'AND writes when flush_count messages are batched and flush_interval has passed; OR when either happens.' }),
  rotation_interval: f.oneOf([0, 1, 4, 12, 24], { default: 0, doc: 'Hours between new files; 0 never rotates.' }),
};
export type FileOutputConfig = ConfigValues<typeof options>;

export interface FileOutputDeps {
  fs?: OutputFs;
  now?: () => bigint;
}

const HOUR_MS = 3_600_000;

/** Batched bytes at which a write happens regardless of flush_count / flush_interval. */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;

/**
 * Batches encoded messages and appends them to the file. A message's delivery completes only once
 * its bytes are written and fsynced; a failed write keeps the batch, retries it first, and until
 * it succeeds new messages are refused with RetryMessageError (nothing dropped, nothing reordered).
 * One batch is written while the next fills; a second full batch waits for the first.
 */
export class FileOutputInstance implements Output {
  private context: ConsumerContext | undefined;
  private readonly file: OutputFile;
  private readonly policy: FlushPolicy;
  private batch: WriteBatch;
  /** Handed to the file but not yet written and synced (what is left after a failure). */
  private unwritten: Uint8Array[] = [];
  private unwrittenDone: Deferred[] = [];
  /** Flushes asked for and not finished. */
  private flushing = 0;
  /** Messages of batches taken by a flush whose write has not started. */
  private waiting = 0;
  private lastError: string | undefined;
  /** Every file operation runs in this chain, one at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  private ticker: NodeJS.Timeout | undefined;
  private rotator: NodeJS.Timeout | undefined;
  private readonly fs: OutputFs;
  private readonly now: () => bigint;
  private stats = { messages: 0, bytes: 0, writes: 0, errors: 0 };

  constructor(private readonly config: FileOutputConfig, deps: FileOutputDeps = {}) {
    this.fs = deps.fs ?? nodeFs;
    this.now = deps.now ?? nowNs;
    this.policy = new FlushPolicy(config);
    this.batch = new WriteBatch(config.flush_count);
    this.file = new OutputFile(this.fs, parseInt(config.perm, 8), parseInt(config.folder_perm, 8), this.currentPath());
  }

  private currentPath(): string {
    return this.config.rotation_interval === 0 ? this.config.path : formatStrftime(this.now(), this.config.path);
  }

  async prepare(context: ConsumerContext): Promise<void> {
    this.context = context;
    await this.file.open();
    if (this.config.flush_interval > 0) {
      this.ticker = setInterval(() => { if (this.policy.onTick() || this.failing) void this.flush(); }, this.config.flush_interval);
      this.ticker.unref();
    }
    this.scheduleRotation();
  }

  get failing(): boolean { return this.lastError !== undefined; }

  processMessage(pack: Pack, delivery: Delivery): Promise<void> | undefined {
    if (this.failing) return this.processAfterFailure(pack, delivery);
    // Batched without a promise. A due batch is written in the background while the next one
    // fills; only when an earlier write is still running does the runner wait (for that one).
    if (!this.add(pack, delivery)) return undefined;
    const earlier = this.chain;
    const busy = this.flushing > 0;
    void this.flush();
    return busy ? earlier : undefined;
  }

  private async processAfterFailure(pack: Pack, delivery: Delivery): Promise<void> {
    await this.flush();
    if (this.failing) throw new RetryMessageError(`earlier messages are not written yet: ${this.lastError}`);
    if (this.add(pack, delivery)) await this.flush();
  }

  /** Adds the encoded message to the batch; true when the batch is due for writing. */
  private add(pack: Pack, delivery: Delivery): boolean {
    const context = this.context;
    if (context === undefined) return false;
    const batch = this.batch;
    if (context.encodeInto !== undefined) {
      if (!context.encodeInto(pack, batch)) return false;
    } else {
      const bytes = context.encode(pack);
      if (bytes === undefined) return false;
      batch.addRange(bytes, 0, bytes.length);
    }
    batch.addDelivery(delivery.defer());
    // Past MAX_BATCH_BYTES the batch is written whatever the policy says: with flush_operator
    // AND and a long flush_interval, a fast input would otherwise hold unbounded memory.
    return this.policy.onMessage() || this.batch.bytes >= MAX_BATCH_BYTES;
  }

  /** Writes everything batched so far (after anything left from a failed write). */
  flush(): Promise<void> {
    // The batch is taken now, so what comes next starts a new one (and the policy counts anew).
    const batch = this.batch.messages > 0 ? this.batch : undefined;
    if (batch) {
      this.batch = new WriteBatch(this.config.flush_count);
      this.policy.flushed();
      this.waiting += batch.messages;
    }
    this.flushing++;
    return this.enqueue(() => this.writeBatch(batch)).finally(() => { this.flushing--; });
  }

  /** Resolves when every write started so far has finished (or failed). */
  writes(): Promise<void> {
    return this.chain;
  }

  /** SIGHUP: close the file and open it again by name (after log rotation moved it). */
  reload(): Promise<void> {
    return this.reopen();
  }

  reopen(): Promise<void> {
    return this.enqueue(async () => {
      await this.file.close();
      await this.file.open();
    });
  }

  async cleanUp(): Promise<void> {
    clearInterval(this.ticker);
    clearTimeout(this.rotator);
    await this.flush();
    await this.enqueue(() => this.file.close());
  }

  report(): readonly ReportField[] {
    return [
      { name: 'WrittenMessages', value: this.stats.messages, representation: 'count' },
      { name: 'WrittenBytes', value: this.stats.bytes, representation: 'B' },
      { name: 'Writes', value: this.stats.writes, representation: 'count' },
      { name: 'WriteErrors', value: this.stats.errors, representation: 'count' },
      { name: 'BatchedMessages', value: this.batch.messages + this.waiting + this.unwrittenDone.length, representation: 'count' },
    ];
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task).catch((err: unknown) => this.failed(err));
    this.chain = run;
    return run;
  }

  private failed(err: unknown): void {
    this.stats.errors++;
    this.lastError = err instanceof Error ? err.message : String(err);
    this.context?.error(`writing ${this.file.path}: ${this.lastError}`);
  }

  private async writeBatch(batch: WriteBatch | undefined): Promise<void> {
    if (batch) {
      this.waiting -= batch.messages;
      // concat, not push(...): a batch can hold more items than a call may take arguments.
      this.unwritten = this.unwritten.length === 0 ? batch.buffers() : this.unwritten.concat(batch.buffers());
      this.unwrittenDone = this.unwrittenDone.length === 0 ? batch.deliveries() : this.unwrittenDone.concat(batch.deliveries());
    }
    if (this.unwrittenDone.length === 0 && this.unwritten.length === 0) return;
    const bytes = this.unwritten.reduce((n, b) => n + b.length, 0);
    await this.file.writeAll(this.unwritten);
    const done = this.unwrittenDone;
    this.unwrittenDone = [];
    this.lastError = undefined;
    this.stats.messages += done.length;
    this.stats.bytes += bytes;
    this.stats.writes++;
    for (let i = 0; i < done.length; i++) done[i]!.release();
  }

  /** New files start at multiples of rotation_interval hours of absolute (UTC) time. */
  private scheduleRotation(): void {
    const hours = this.config.rotation_interval;
    if (hours === 0) return;
    const nowMs = Number(this.now() / 1_000_000n);
    const next = (Math.floor(nowMs / (hours * HOUR_MS)) + 1) * hours * HOUR_MS;
    this.rotator = setTimeout(() => { void this.rotate(); }, next - nowMs);
    this.rotator.unref();
  }

  /** Writes the batch to the old file, then opens the file named for the new period. */
  rotate(): Promise<void> {
    this.scheduleRotation();
    void this.flush();
    return this.enqueue(async () => {
      await this.file.close();
      this.file.path = this.currentPath();
      await this.file.open();
    });
  }
}

export const FileOutput = definePlugin({
  type: 'FileOutput',
  family: 'output',
  summary: 'Appends encoded messages to a file, in batches, optionally starting a new file every few hours.',
  example: `
[PayloadEncoder]

[access_file]
type = "FileOutput"
message_matcher = "Type == 'logfile'"
path = "/var/log/heka/access.log"
encoder = "PayloadEncoder"
flush_count = 100
flush_operator = "OR"
`,
  common: {
    encoder: f.string({ required: true, example: 'PayloadEncoder', doc: 'Encoder section that turns messages into bytes.' }),
    use_framing: computed((c) => c.given('encoder') === 'ProtobufEncoder', 'true when encoder is "ProtobufEncoder", else false'),
  },
  config: options,
  create: (config) => new FileOutputInstance(config),
});
