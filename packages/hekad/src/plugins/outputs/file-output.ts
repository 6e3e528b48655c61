import { computed, definePlugin, f, formatStrftime, nowNs, UINT32_MAX, type ConfigValues } from '@heka/core';
import { RetryMessageError, type ConsumerContext, type Delivery, type Output, type ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import { AppendCommitter } from './append-committer.js';
import { FlushPolicy } from './flush-policy.js';
import { nodeFs, OutputFile, type OutputFs } from './output-file.js';
import { DeliveryArrays } from './delivery-list.js';
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
 * Written but not yet fsynced bytes past which no further write starts until an fsync ends, and
 * the size at which a due batch that the busy writer could not take yet holds the runner. They
 * bound what is in flight (and the packs held for it): at most about 1 + 2 + 2 MiB.
 */
export const MAX_UNSYNCED_BYTES = 1024 * 1024;
export const MAX_GROUP_BYTES = 2 * 1024 * 1024;

/**
 * Batches encoded messages and appends them to the file. A message's delivery completes only once
 * its bytes are written and fsynced; a failed write keeps the batch, retries it first, and until
 * it succeeds new messages are refused with RetryMessageError (nothing dropped, nothing reordered).
 * A due batch is written while the next fills, and written while the one before is fsynced
 * (AppendCommitter). When the writer is still busy as the next batch comes due, that batch keeps
 * growing and is written as one when the writer is free (group commit): only at MAX_GROUP_BYTES
 * does the runner wait.
 */
export class FileOutputInstance implements Output {
  private context: ConsumerContext | undefined;
  private readonly file: OutputFile;
  private readonly committer: AppendCommitter;
  private readonly policy: FlushPolicy;
  private batch: WriteBatch;
  private readonly deliveryArrays = new DeliveryArrays();
  /** The batch is due for writing (flush_count, flush_interval or MAX_BATCH_BYTES said so). */
  private due = false;
  /** Runners held until the writer takes the batch. */
  private holds: (() => void)[] = [];
  private ticker: NodeJS.Timeout | undefined;
  private rotator: NodeJS.Timeout | undefined;
  private readonly fs: OutputFs;
  private readonly now: () => bigint;

  constructor(private readonly config: FileOutputConfig, deps: FileOutputDeps = {}) {
    this.fs = deps.fs ?? nodeFs;
    this.now = deps.now ?? nowNs;
    this.policy = new FlushPolicy(config);
    this.batch = new WriteBatch(this.deliveryArrays);
    this.file = new OutputFile(this.fs, parseInt(config.perm, 8), parseInt(config.folder_perm, 8), this.currentPath());
    this.committer = new AppendCommitter(this.file, {
      failed: (message) => this.context?.error(`writing ${this.file.path}: ${message}`),
      progress: () => this.onProgress(),
    });
  }

  private currentPath(): string {
    return this.config.rotation_interval === 0 ? this.config.path : formatStrftime(this.now(), this.config.path);
  }

  async prepare(context: ConsumerContext): Promise<void> {
    this.context = context;
    await this.file.open();
    if (this.config.flush_interval > 0) {
      this.ticker = setInterval(() => this.onTick(), this.config.flush_interval);
      this.ticker.unref();
    }
    this.scheduleRotation();
  }

  get failing(): boolean { return this.committer.lastError !== undefined; }

  /** Runs of records (Consumer.takesRuns) are welcome unless a failed write holds messages back for retries. */
  takesRuns(): boolean {
    return !this.failing;
  }

  processMessage(pack: Pack, delivery: Delivery): Promise<void> | undefined {
    if (this.failing) return this.processAfterFailure(pack, delivery);
    // Batched without a promise. A due batch goes to the writer if it is free; if not, it grows
    // until the writer is, and only a batch of MAX_GROUP_BYTES holds the runner.
    if (!this.add(pack, delivery)) return undefined;
    if (this.writerFree()) {
      void this.flush();
      return undefined;
    }
    if (this.batch.bytes < MAX_GROUP_BYTES) return undefined;
    return this.hold();
  }

  // Its own method: with the closure inside processMessage, V8 allocated the closure's context
  // (~48 bytes) on every call, held or not: ~37 MB per 1 M lines, half of all allocation.
  private hold(): Promise<void> {
    return new Promise((resolve) => this.holds.push(resolve));
  }

  private async processAfterFailure(pack: Pack, delivery: Delivery): Promise<void> {
    await this.flush();
    if (this.failing) throw new RetryMessageError(`earlier messages are not written yet: ${this.committer.lastError}`);
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
    if (this.policy.onMessage() || batch.bytes >= MAX_BATCH_BYTES) this.due = true;
    return this.due;
  }

  /** No write under way and not too much waiting for an fsync: the next batch can go. */
  private writerFree(): boolean {
    return this.committer.writerIdle && this.committer.unsyncedBytes < MAX_UNSYNCED_BYTES;
  }

  private onTick(): void {
    if (this.failing) void this.flush();
    else if (this.policy.onTick()) {
      if (this.writerFree()) void this.flush();
      else this.due = true;
    }
  }

  /** A write or fsync ended: a batch that came due meanwhile goes now, and held runners go on. */
  private onProgress(): void {
    if (this.due && !this.failing && this.writerFree()) void this.flush();
    const holds = this.holds;
    if (holds.length === 0) return;
    this.holds = [];
    for (const resume of holds) resume();
  }

  /** Writes everything batched so far (after anything left from a failed write); resolves once it is fsynced or failed. */
  flush(): Promise<void> {
    // The batch is taken now, so what comes next starts a new one (and the policy counts anew).
    const batch = this.batch;
    this.due = false;
    if (batch.messages === 0) return this.committer.commit([], undefined);
    this.batch = new WriteBatch(this.deliveryArrays);
    this.policy.flushed();
    return this.committer.commit(batch.buffers(), batch.deliveries());
  }

  /** Resolves when every write started so far has finished and been fsynced (or failed). */
  writes(): Promise<void> {
    return this.committer.idle();
  }

  /** SIGHUP: close the file and open it again by name (after log rotation moved it). */
  reload(): Promise<void> {
    return this.reopen();
  }

  reopen(): Promise<void> {
    return this.committer.exclusive(async () => {
      await this.file.close();
      await this.file.open();
    });
  }

  async cleanUp(): Promise<void> {
    clearInterval(this.ticker);
    clearTimeout(this.rotator);
    await this.flush();
    await this.committer.exclusive(() => this.file.close());
  }

  report(): readonly ReportField[] {
    const stats = this.committer.stats;
    return [
      { name: 'WrittenMessages', value: stats.messages, representation: 'count' },
      { name: 'WrittenBytes', value: stats.bytes, representation: 'B' },
      { name: 'Writes', value: stats.writes, representation: 'count' },
      { name: 'WriteErrors', value: stats.errors, representation: 'count' },
      { name: 'BatchedMessages', value: this.batch.messages + this.committer.held, representation: 'count' },
    ];
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
    return this.committer.exclusive(async () => {
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
