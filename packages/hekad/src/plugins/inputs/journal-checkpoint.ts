// Saves a logstream's journal at delivered positions only, one save at a time: requests made
// while a save runs collapse into one save of the latest position afterwards.
import type { Journal, Position } from '@heka/core';
import type { ChunkPositions, FilePlace } from './chunk-positions.js';

/** What the checkpoint needs of the stream reader (a LogstreamReader). */
export interface PositionSource {
  positionAt(file: string, offset: number): Promise<Position>;
}

export class JournalCheckpoint {
  /** The latest delivered place; undefined until a record is delivered. */
  private delivered: FilePlace | undefined;
  private saved: FilePlace | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** The last save error, reported once until a save succeeds (saves retry at every poll). */
  private lastError: string | undefined;
  /** Deliveries since the last save (Heka saved every 500 records). */
  private count = 0;

  constructor(
    readonly chunks: ChunkPositions,
    private readonly journal: Journal | undefined,
    private readonly reader: PositionSource,
    private readonly onError: (message: string) => void,
    private readonly every = 500,
  ) {}

  /**
   * The pipeline finished every record up to stream offset `at`. Saves every `every` deliveries,
   * or at once when `eager` (the input has stopped: each delivery may be the last one).
   */
  onDelivered(at: number, eager: boolean): void {
    const place = this.chunks.placeOf(at);
    if (place === undefined) return;
    this.delivered = place;
    if (++this.count >= this.every || eager) void this.save();
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
      const place = this.delivered;
      if (this.journal === undefined || place === undefined || samePlace(place, this.saved)) return;
      this.count = 0;
      try {
        await this.journal.save(await this.reader.positionAt(place.file, place.offset));
        this.saved = place;
        this.lastError = undefined;
      } catch (e) {
        const message = (e as Error).message;
        if (message !== this.lastError) this.onError(message);
        this.lastError = message;
        return;
      }
    } while (this.again);
  }
}

function samePlace(a: FilePlace, b: FilePlace | undefined): boolean {
  return b !== undefined && a.file === b.file && a.offset === b.offset;
}
