// Waits between reconnect attempts: exponential from `initialMs` up to `maxMs`, each with a
// random extra of up to `jitterMs` so that many clients cut off together do not all redial at
// the same instant.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  jitterMs?: number;
  /** Returns [0, 1); injectable for tests. */
  random?: () => number;
}

export class Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly jitterMs: number;
  private readonly random: () => number;
  private nextBaseMs: number;
  /** Failed attempts since the last success. */
  failures = 0;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 30_000;
    this.jitterMs = options.jitterMs ?? 500;
    this.random = options.random ?? Math.random;
    this.nextBaseMs = this.initialMs;
  }

  /** The wait before the next attempt; doubles the following one, up to maxMs. */
  next(): number {
    const wait = this.nextBaseMs + this.random() * this.jitterMs;
    this.nextBaseMs = Math.min(this.nextBaseMs * 2, this.maxMs);
    this.failures++;
    return wait;
  }

  /** After a success the next failure waits `initialMs` again. */
  reset(): void {
    this.nextBaseMs = this.initialMs;
    this.failures = 0;
  }
}
