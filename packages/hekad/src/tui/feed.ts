// What feeds the store while hekad runs: the log sink runHekad writes to (lines batched, so a
// burst of errors is one update, not thousands), and the sampler ticking once a second.
import { goLogPrefix, nowNs } from '@heka/core';
import type { PipelineLog } from '../pipeline/log.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { samplePipeline, type Snapshot } from './sample.js';
import type { LogLine } from './state.js';
import type { Store } from './store.js';

export interface TuiLog extends PipelineLog {
  /** Hands buffered lines to the store now. */
  flush(): void;
}

export function createTuiLog(store: Store, logFlags: number, batchMs = 100): TuiLog {
  let pending: LogLine[] = [];
  let nextId = 0;
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    store.dispatch({ type: 'logged', lines });
  };
  const add = (level: LogLine['level'], text: string): void => {
    for (const part of text.split('\n')) pending.push({ id: nextId++, level, text: `${goLogPrefix(logFlags, nowNs())}${part}` });
    timer ??= setTimeout(flush, batchMs);
  };
  return { info: (text) => add('info', text), error: (text) => add('error', text), flush };
}

/** Samples now and then every `intervalMs` until the returned stop function is called. */
export function startSampling(store: Store, pipeline: Pipeline, intervalMs = 1000, sample: (p: Pipeline) => Snapshot = (p) => samplePipeline(p)): () => void {
  const tick = (): void => store.dispatch({ type: 'sampled', snapshot: sample(pipeline) });
  tick();
  const timer = setInterval(tick, intervalMs);
  return () => {
    clearInterval(timer);
    tick();
  };
}
