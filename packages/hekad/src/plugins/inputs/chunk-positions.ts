// Maps stream offsets (bytes pushed into one InputStream, across the files of a logstream) back
// to the file and offset they were read from, so a delivered stream offset can be journaled.

interface PushedChunk {
  /** Stream offset of the chunk's first byte. */
  readonly start: number;
  readonly length: number;
  readonly file: string;
  /** Offset of the chunk's first byte in `file`. */
  readonly offset: number;
}

export interface FilePlace {
  readonly file: string;
  readonly offset: number;
}

export class ChunkPositions {
  // Chunks not yet fully delivered, oldest first; back-pressure keeps this list short.
  private readonly chunks: PushedChunk[] = [];
  private head = 0;
  private next: number;

  constructor(start = 0) {
    this.next = start;
  }

  /** The stream offset the next pushed byte will have. */
  get end(): number {
    return this.next;
  }

  /** Records a chunk about to be pushed. */
  add(file: string, offset: number, length: number): void {
    if (length === 0) return;
    this.chunks.push({ start: this.next, length, file, offset });
    this.next += length;
  }

  /**
   * Where stream offset `at` lies: in the chunk holding the byte just before it (so a record
   * ending a file maps to that file's end, not the next file's start). Forgets earlier chunks.
   */
  placeOf(at: number): FilePlace | undefined {
    while (this.head < this.chunks.length) {
      const c = this.chunks[this.head]!;
      if (at <= c.start + c.length) break;
      this.head++;
    }
    // Drop forgotten entries in batches: shifting one at a time is O(n) each.
    if (this.head > 1024) {
      this.chunks.splice(0, this.head);
      this.head = 0;
    }
    const c = this.chunks[this.head];
    if (c === undefined || at < c.start) return undefined;
    return { file: c.file, offset: c.offset + (at - c.start) };
  }
}
