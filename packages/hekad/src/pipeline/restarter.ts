// Restarting a plugin that stopped with an error, as Heka's runners do for plugins implementing
// Restarting: wait per `[name.retries]`, build the plugin again (a failed build waits and tries
// again), give up after max_retries. Shutdown ends any wait.
import { MaxRetriesExceeded, Retry, type RetryOptions } from './retry.js';

/** A plugin failed when hekad started it: no restart, hekad stops (Heka: `Output 'NAME' failed to start: …`). */
export class PluginStartError extends Error {
  override name = 'PluginStartError';
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

export interface RestarterDeps {
  readonly retries: RetryOptions;
  /** Aborted at shutdown: no restart begins after it. */
  readonly signal: AbortSignal;
  /** Before each attempt (Heka: `Restarting (attempt i/max)`, `now restarting`). */
  readonly onAttempt: (attempt: number, maxRetries: number) => void;
  readonly onError: (text: string) => void;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

export class Restarter {
  private readonly retry: Retry;

  constructor(private readonly deps: RestarterDeps) {
    this.retry = new Retry(deps.retries);
  }

  /** Attempts so far (the plugin's `restarts` stat counts the successful ones). */
  get attempts(): number { return this.retry.attempts; }

  /**
   * The rebuilt plugin, or undefined when the retries are used up (logged as Heka does:
   * `Max retries exceeded`) or shutdown began.
   */
  async rebuild<T>(build: () => T | Promise<T>): Promise<T | undefined> {
    const sleep = this.deps.sleep ?? abortableSleep;
    for (;;) {
      let wait: number;
      try {
        wait = this.retry.nextDelayMs();
      } catch (e) {
        if (!(e instanceof MaxRetriesExceeded)) throw e;
        this.deps.onError(e.message);
        return undefined;
      }
      await sleep(wait, this.deps.signal);
      if (this.deps.signal.aborted) return undefined;
      this.deps.onAttempt(this.retry.attempts, this.deps.retries.max_retries);
      try {
        return await build();
      } catch (e) {
        this.deps.onError(e instanceof Error ? e.message : String(e));
      }
    }
  }
}
