// Runs an input as Heka's input runner does: a clean return ends it; a failure of a Restartable
// input rebuilds it per `[name.retries]` (`Restarting (attempt i/max)`). A HekaError is a user
// mistake (a corrupt journal, an ambiguous file_match) that a restart cannot fix: it stays fatal.
import { isHekaError } from '@heka/core';
import type { Input } from './contracts.js';
import type { InputRunner } from './input-runner.js';
import { Restarter } from './restarter.js';
import type { RetryOptions } from './retry.js';

/** Resolves with the last failure, or undefined when the input ended cleanly or shutdown began. */
export async function runInputWithRestarts(runner: InputRunner, signal: AbortSignal, rebuild: () => Input): Promise<string | undefined> {
  let restarter: Restarter | undefined;
  for (;;) {
    let failure: string;
    let fatal: boolean;
    try {
      await runner.input.run(runner, signal);
      return undefined;
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
      fatal = isHekaError(e);
      runner.error(failure);
    }
    const input = runner.input;
    if (signal.aborted || fatal || !input.cleanupForRestart) return failure;
    await input.cleanupForRestart();
    restarter ??= new Restarter({
      retries: (runner.instance.common as { retries: RetryOptions }).retries,
      signal,
      onAttempt: (attempt, max) => runner.log(`Restarting (attempt ${attempt}/${max})`),
      onError: (text) => {
        runner.error(text);
        failure = text;
      },
    });
    const next = await restarter.rebuild(rebuild);
    if (next === undefined) return signal.aborted ? undefined : failure;
    runner.input = next;
    runner.restarts++;
  }
}
