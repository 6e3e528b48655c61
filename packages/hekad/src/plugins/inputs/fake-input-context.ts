// A stand-in for the pipeline's InputContext, for input tests: streams split on newlines into
// decorated messages, pushes are recorded, back-pressure can be switched on, and the test says
// when records count as delivered (what moves an input's checkpoint).
import { Message } from '@heka/core';
import type { InputContext, InputStream, StreamOptions } from '../../pipeline/contracts.js';

/** One newline-ended record the fake split out of a stream, as the pipeline would route it. */
export interface FakeRecord {
  readonly message: Message;
  /** Stream offset just after the record (what onDelivered reports). */
  readonly end: number;
}

export class FakeStream implements InputStream {
  readonly records: FakeRecord[] = [];
  /** Every chunk pushed, as pushed. */
  readonly pushes: Uint8Array[] = [];
  ended = false;
  stopped = false;
  /** Datagram ends (endUnit calls) seen. */
  units = 0;
  readonly skippedBytes = 0;
  private pending = Buffer.alloc(0);
  private offset: number;
  private delivered = 0;

  constructor(
    private readonly owner: FakeInputContext,
    readonly options: StreamOptions,
  ) {
    this.offset = options.offset ?? 0;
  }

  push(chunk: Uint8Array): Promise<void> | undefined {
    if (this.ended) throw new Error(`FakeStream(${this.options.token ?? ''}): push after end`);
    this.pushes.push(chunk);
    this.pending = Buffer.concat([this.pending, chunk]);
    let at: number;
    while ((at = this.pending.indexOf(0x0a)) >= 0) {
      this.offset += at + 1;
      this.addRecord(this.pending.subarray(0, at + 1));
      this.pending = this.pending.subarray(at + 1);
    }
    return this.owner.pressure();
  }

  async end(): Promise<void> {
    this.ended = true;
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.resolve();
  }

  /** A datagram ended: what is left without a newline becomes a record of its own. */
  endUnit(): Promise<void> | undefined {
    this.units++;
    if (this.pending.length > 0) {
      this.offset += this.pending.length;
      this.addRecord(this.pending);
      this.pending = Buffer.alloc(0);
    }
    return this.owner.pressure();
  }

  /** Says the first `count` records not yet delivered are done (all when omitted). */
  deliver(count = this.records.length - this.delivered): void {
    const upTo = Math.min(this.records.length, this.delivered + count);
    for (; this.delivered < upTo; this.delivered++) this.options.onDelivered?.(this.records[this.delivered]!.end, 1);
  }

  get payloads(): string[] {
    return this.records.map((r) => r.message.payload);
  }

  private addRecord(bytes: Buffer): void {
    const message = Message.create({ logger: this.owner.name, payload: Buffer.from(bytes).toString('utf8') });
    this.options.decorate?.(message);
    this.records.push({ message, end: this.offset });
  }
}

export class FakeInputContext implements InputContext {
  readonly streams: FakeStream[] = [];
  readonly logs: string[] = [];
  readonly errors: string[] = [];
  readonly delivered: Message[] = [];
  private gate: { promise: Promise<void>; open: () => void } | undefined;

  constructor(readonly name: string) {}

  log(text: string): void {
    this.logs.push(text);
  }

  error(text: string): void {
    this.errors.push(text);
  }

  openStream(options: StreamOptions = {}): InputStream {
    const stream = new FakeStream(this, options);
    this.streams.push(stream);
    return stream;
  }

  deliver(message: Message): Promise<void> | undefined {
    this.delivered.push(message);
    return this.pressure();
  }

  stream(token: string): FakeStream | undefined {
    return this.streams.find((s) => s.options.token === token);
  }

  /** From now on every push returns a promise that settles at `release()`. */
  block(): void {
    if (this.gate !== undefined) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.gate = { promise, open };
  }

  release(): void {
    this.gate?.open();
    this.gate = undefined;
  }

  /** True while pushes are being held back. */
  get blocked(): boolean {
    return this.gate !== undefined;
  }

  pressure(): Promise<void> | undefined {
    return this.gate?.promise;
  }
}

/** Polls `check` until it holds or `ms` pass; tests use it instead of fixed sleeps. */
export async function waitFor(check: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`waitFor: ${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
