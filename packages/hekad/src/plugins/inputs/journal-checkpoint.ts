// Saves a logstream's journal at delivered positions only, one save at a time: requests made
// while a save runs collapse into one save of the latest position afterwards.
import type { Journal, Position } from '@heka/core';
import type { ChunkPositions, FilePlace } from './chunk-positions.js';

/** What the checkpoint needs of the stream reader (a LogstreamReader). */
export interface PositionSource {
  positionAt(file: string, offset: number): Promise<Position>;
  /** The position from bytes held in memory, without waiting; undefined when they are not. */
  positionFromMemory?(file: string, offset: number): Position | undefined;
}

/**
 * Saves start no closer together than this. At a million lines a second "every 500 records"
 * would be a save (open, write, close, rename) every half millisecond; a crash repeats at most
 * what was delivered within this time more than it otherwise would.
 */
export const MIN_SAVE_GAP_MS = 50;

export class JournalCheckpoint {
  /** The stream offset delivered up to; -1 until a record is delivered. */
  private deliveredAt = -1;
  /** Its file and offset, looked up when a save needs it (not per record). */
  private delivered: FilePlace | undefined;
  private saved: FilePlace | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** The last save error, reported once until a save succeeds (saves retry at every poll). */
  private lastError: string | undefined;
  /** Records delivered since the last save (Heka saved every 500 records). */
  private count = 0;
  private soon = false;
  private lastSaveAt = -Infinity;

  constructor(
    readonly chunks: ChunkPositions,
    private readonly journal: Journal | undefined,
    private readonly reader: PositionSource,
    private readonly onError: (message: string) => void,
    private readonly every = 500,
  ) {}

  /**
   * The pipeline finished every record up to stream offset `at`, `records` more than before.
   * Saves every `every` records delivered, or at once when `eager` (the input has stopped: each
   * delivery may be the last one).
   */
  onDelivered(at: number, eager: boolean, records = 1): void {
    this.deliveredAt = at;
    if (eager) this.saveSoon();
    else if ((this.count += records) >= this.every) {
      // While a save runs (its gap lasts thousands of deliveries) only ask for another: calling
      // save() on each delivery showed as ~36 bytes allocated per message.
      if (this.running === undefined) void this.save();
      else this.again = true;
    }
  }

  /** Something was delivered since the last save. */
  private moved(): boolean {
    const place = this.latest();
    return place !== undefined && !samePlace(place, this.saved);
  }

  /** The file place of the latest delivered offset. */
  private latest(): FilePlace | undefined {
    if (this.deliveredAt >= 0) {
      const place = this.chunks.placeOf(this.deliveredAt);
      if (place !== undefined) this.delivered = place;
      this.deliveredAt = -1;
    }
    return this.delivered;
  }

  /**
   * After the input stopped, deliveries come from the outputs' final flushes and hekad exits right
   * after them: an async save might never land. Saves synchronously at the end of the current
   * turn (one save for a whole flushed batch), before the exit can run.
   */
  private saveSoon(): void {
    if (this.soon) return;
    this.soon = true;
    queueMicrotask(() => {
      this.soon = false;
      const place = this.latest();
      if (this.journal === undefined || place === undefined || samePlace(place, this.saved)) return;
      const position = this.reader.positionFromMemory?.(place.file, place.offset);
      if (position === undefined) {
        void this.save();
        return;
      }
      try {
        this.journal.saveSync(position);
        this.saved = place;
        this.lastError = undefined;
      } catch (e) {
        this.saveFailed(e);
      }
    });
  }

  /** Resolves once the latest delivered place is saved (or its save failed): what shutdown waits for. */
  async settled(): Promise<void> {
    // A synchronous save queued for this turn (saveSoon) goes first.
    await new Promise((resolve) => setImmediate(resolve));
    await this.save();
  }

  /** Saves the latest delivered place if it moved; resolves when no save is running. */
  save(): Promise<void> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      if (this.journal === undefined || !this.moved()) return;
      const gap = this.lastSaveAt + MIN_SAVE_GAP_MS - Date.now();
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
      // Deliveries went on during the gap: save where they are now.
      const place = this.latest()!;
      this.count = 0;
      this.lastSaveAt = Date.now();
      try {
        await this.journal.save(await this.reader.positionAt(place.file, place.offset));
        this.saved = place;
        this.lastError = undefined;
      } catch (e) {
        this.saveFailed(e);
        return;
      }
    } while (this.again);
  }

  /** Reports a failed save once, until a save succeeds (saves retry at every poll). */
  private saveFailed(e: unknown): void {
    const message = (e as Error).message;
    if (message !== this.lastError) this.onError(message);
    this.lastError = message;
  }
}

function samePlace(a: FilePlace, b: FilePlace | undefined): boolean {
  return b !== undefined && a.file === b.file && a.offset === b.offset;
}
