// Injects heka.all-report and heka.memstat into the router on a timer. Heka 0.10 sent them only
// while a DashboardOutput ran (every ticker_interval, default 5 s); hekad sends them when a filter
// or output asks for them by Type, so a `TRUE` matcher (Getting Started's LogOutput) sees nothing new.
import type { Message, MessageMatcher } from '@heka/core';
import { ALL_REPORT_TYPE, MEMSTAT_TYPE, allReportMessage, heapFigures, memstatMessage, type HeapFigures } from './report-messages.js';

/** DashboardOutput's default ticker_interval, which paced Heka's reports. */
export const REPORT_INTERVAL_MS = 5000;

export interface ReportTimerDeps {
  /** Hands a message to the router; a promise while the router is full. */
  readonly route: (message: Message) => Promise<void> | undefined;
  /** The heka.all-report payload, collected now. */
  readonly payload: () => string;
  readonly hostname: string;
  readonly intervalMs?: number;
  readonly heap?: () => HeapFigures;
}

/**
 * Whether some matcher selects report messages by their Type: it takes a real report but not the
 * same message under another Type. `TRUE` or `Type != 'logfile'` take both and do not count.
 */
export function wantsReports(matchers: readonly MessageMatcher[], deps: Pick<ReportTimerDeps, 'payload' | 'hostname' | 'heap'>): boolean {
  const samples = [
    (type: string) => { const m = allReportMessage(deps.payload(), deps.hostname); m.type = type; return m; },
    (type: string) => { const m = memstatMessage((deps.heap ?? heapFigures)(), deps.hostname); m.type = type; return m; },
  ];
  const types = [ALL_REPORT_TYPE, MEMSTAT_TYPE];
  return matchers.some((matcher) => samples.some((make, i) => matcher.match(make(types[i]!)) && !matcher.match(make('not-a-report'))));
}

/** Starts the timer; the returned function stops it. A report still waiting for the router skips the next tick. */
export function startReportTimer(deps: ReportTimerDeps): () => void {
  let pending: Promise<void> | undefined;
  const tick = (): void => {
    if (pending) return;
    const first = deps.route(allReportMessage(deps.payload(), deps.hostname));
    const second = (): Promise<void> | undefined => deps.route(memstatMessage((deps.heap ?? heapFigures)(), deps.hostname));
    if (first === undefined) {
      pending = second();
    } else {
      pending = first.then(second);
    }
    pending = pending?.catch(() => undefined).finally(() => { pending = undefined; });
  };
  const timer = setInterval(tick, deps.intervalMs ?? REPORT_INTERVAL_MS);
  return () => clearInterval(timer);
}
