// Heka's retry helper (`[name.retries]`): waits that start at `delay`, double up to `max_delay`,
// each with a random extra of up to `max_jitter`; `max_retries` attempts (-1 = forever).

export interface RetryOptions {
  /** Nanoseconds, as the duration options decode. */
  readonly delay: bigint;
  readonly max_delay: bigint;
  readonly max_jitter: bigint;
  readonly max_retries: number;
}

export class MaxRetriesExceeded extends Error {
  override name = 'MaxRetriesExceeded';
  constructor(readonly attempts: number) {
    super('Max retries exceeded');
  }
}

const nsToMs = (ns: bigint): number => Number(ns) / 1e6;

export class Retry {
  private currentMs: number;
  /** Waits taken since the last reset. */
  attempts = 0;

  constructor(
    private readonly options: RetryOptions,
    private readonly random: () => number = Math.random,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.currentMs = nsToMs(options.delay);
  }

  /** The next wait in ms, or a MaxRetriesExceeded error when the attempts are used up. */
  nextDelayMs(): number {
    const { max_retries } = this.options;
    if (max_retries !== -1 && this.attempts >= max_retries) throw new MaxRetriesExceeded(this.attempts);
    const wait = this.currentMs + this.random() * nsToMs(this.options.max_jitter);
    this.currentMs = Math.min(this.currentMs * 2, nsToMs(this.options.max_delay));
    this.attempts++;
    return wait;
  }

  /** Waits before the next attempt; rejects with MaxRetriesExceeded when none is left. */
  async wait(): Promise<void> {
    await this.sleep(this.nextDelayMs());
  }

  /** After a success: the next failure starts again from `delay`. */
  reset(): void {
    this.currentMs = nsToMs(this.options.delay);
    this.attempts = 0;
  }
}
