// Writes FileOutput's batches to the file in order and fsyncs them, as two stages that overlap:
// the next batch is written while the previous one's fsync runs, and one fsync covers every
// batch written before it started (group commit). A batch's deliveries complete only after an
// fsync that started after its bytes were written, so "delivered" still means "on disk".
import type { DeliveryList } from './delivery-list.js';
import type { OutputFile } from './output-file.js';

export interface CommitterEvents {
  /** A write or fsync failed: the bytes or deliveries concerned are kept for a retry. */
  failed(message: string): void;
  /** A write or fsync finished (or failed): the writer may take the next batch. */
  progress(): void;
}

export class AppendCommitter {
  readonly stats = { messages: 0, bytes: 0, writes: 0, syncs: 0, errors: 0 };
  /** Handed over and not yet written (what is left after a failed or short write), with their deliveries. */
  private unwritten: Uint8Array[] = [];
  private unwrittenDone: DeliveryList[] = [];
  /** Written, waiting for an fsync to start. */
  private unsynced: DeliveryList[] = [];
  /** Bytes written and not yet covered by a finished fsync. */
  unsyncedBytes = 0;
  private unsyncedPending = 0;
  /** Messages handed over and not yet synced. */
  held = 0;
  /** Batches handed over whose write has not finished. */
  private queued = 0;
  private writeError: string | undefined;
  private syncError: string | undefined;
  /** Writes, opens and closes run in this chain, one at a time, in order. */
  private chain: Promise<void> = Promise.resolve();
  private syncing: Promise<void> | undefined;

  constructor(private readonly file: OutputFile, private readonly events: CommitterEvents) {}

  /** The last write or fsync failed and was not yet retried successfully. */
  get lastError(): string | undefined {
    return this.writeError ?? this.syncError;
  }

  /** No write is queued or under way. */
  get writerIdle(): boolean {
    return this.queued === 0;
  }

  /**
   * Writes `buffers` after everything handed over before, then fsyncs; resolves once they are
   * synced or a failure was reported. With nothing to write it retries what a failure left.
   */
  commit(buffers: Uint8Array[], deliveries: DeliveryList | undefined): Promise<void> {
    this.queued++;
    this.held += deliveries?.count ?? 0;
    const written = this.enqueue(() => this.write(buffers, deliveries)).finally(() => {
      this.queued--;
      this.events.progress();
    });
    return written.then(() => this.synced());
  }

  /** Runs `task` (close, reopen) after every write and fsync before it, and before any after it. */
  exclusive(task: () => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      await this.synced();
      await task();
    });
  }

  /** Resolves when every write handed over so far has finished and no fsync is running. */
  async idle(): Promise<void> {
    await this.chain;
    await this.synced();
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task).catch((err: unknown) => {
      this.writeError = this.failed(err);
    });
    this.chain = run;
    return run;
  }

  private failed(err: unknown): string {
    const message = err instanceof Error ? err.message : String(err);
    this.stats.errors++;
    this.events.failed(message);
    return message;
  }

  private async synced(): Promise<void> {
    while (this.syncing !== undefined) await this.syncing;
  }

  private async write(buffers: Uint8Array[], deliveries: DeliveryList | undefined): Promise<void> {
    // concat, not push(...): a batch can hold more items than a call may take arguments.
    if (buffers.length > 0) this.unwritten = this.unwritten.length === 0 ? buffers : this.unwritten.concat(buffers);
    if (deliveries !== undefined && deliveries.count > 0) this.unwrittenDone.push(deliveries);
    if (this.unwritten.length > 0) {
      let bytes = 0;
      for (const b of this.unwritten) bytes += b.length;
      await this.file.writeAll(this.unwritten);
      this.stats.bytes += bytes;
      this.stats.writes++;
      this.unsyncedBytes += bytes;
    }
    this.writeError = undefined;
    for (const done of this.unwrittenDone) {
      this.unsynced.push(done);
      this.unsyncedPending += done.count;
    }
    this.unwrittenDone = [];
    if (this.unsynced.length > 0) this.syncing ??= this.syncAll();
  }

  /** fsyncs until nothing written is left unsynced; each fsync covers all written before it started. */
  private async syncAll(): Promise<void> {
    let failed = false;
    try {
      while (this.unsynced.length > 0) {
        const covered = this.unsynced;
        const count = this.unsyncedPending;
        const bytes = this.unsyncedBytes;
        this.unsynced = [];
        this.unsyncedPending = 0;
        try {
          await this.file.sync();
        } catch (e) {
          // Not synced: kept, ahead of anything written since, for the next commit to retry.
          this.unsynced = covered.concat(this.unsynced);
          this.unsyncedPending += count;
          this.syncError = this.failed(e);
          failed = true;
          return;
        }
        this.syncError = undefined;
        this.stats.syncs++;
        this.stats.messages += count;
        this.held -= count;
        this.unsyncedBytes -= bytes;
        for (const done of covered) done.releaseAll();
        this.events.progress();
      }
    } finally {
      this.syncing = undefined;
      // Runners held for room are let go, to meet the failure (RetryMessageError).
      if (failed) this.events.progress();
    }
  }
}
