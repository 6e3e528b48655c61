// Where heka-cat writes messages: stdout or a file, through a small buffer, honouring
// back-pressure. A closed pipe (`heka-cat x | head`) ends the run quietly instead of failing.
import type { Writable } from 'node:stream';

const FLUSH_AT = 64 * 1024;

export class Output {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Set when the reader of our output went away (EPIPE). */
  closed = false;
  private failure: Error | undefined;

  constructor(private readonly stream: Writable) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') this.closed = true;
      else this.failure = e;
    });
  }

  write(data: string | Uint8Array): void {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  get wantsFlush(): boolean {
    return this.pendingBytes >= FLUSH_AT;
  }

  async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.pendingBytes === 0 || this.closed) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        const done = (): void => { this.stream.off('drain', done); this.stream.off('error', done); resolve(); };
        this.stream.on('drain', done);
        this.stream.on('error', done);
      });
    }
    if (this.failure) throw this.failure;
  }

  /** Flushes and, for a file, closes it. */
  async end(): Promise<void> {
    await this.flush();
    if (this.stream === process.stdout) return;
    await new Promise<void>((resolve, reject) => this.stream.end((e?: Error | null) => (e ? reject(e) : resolve())));
  }
}
