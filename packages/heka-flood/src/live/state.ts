// What the live view shows, built from once-a-second samples of the flood's counters and the
// sender's stats by a pure function (tested without a terminal).
import type { SenderStats } from '@heka/core';
import type { FloodCounters } from '../flood.js';
import { ratesBetween } from '../rate-line.js';

/** Seconds of history the sparklines show. */
export const HISTORY = 60;

export interface LogLine {
  id: number;
  level: 'info' | 'error';
  text: string;
}

export interface FloodViewState {
  readonly test: string;
  readonly target: string;
  readonly elapsedMs: number;
  readonly msgRate: number;
  readonly mbitRate: number;
  readonly msgHistory: readonly number[];
  readonly mbitHistory: readonly number[];
  readonly sent: number;
  readonly delivered: number;
  readonly queued: number;
  readonly errors: number;
  readonly reconnects: number;
  readonly logs: readonly LogLine[];
  readonly stopping: boolean;
  /** Counters at the previous sample. */
  readonly lastAt: number;
  readonly lastCount: number;
  readonly lastBytes: number;
}

export interface Sample {
  now: number;
  counters: Pick<FloodCounters, 'sent' | 'bytes'>;
  stats: SenderStats;
  queued: number;
}

export function initialViewState(test: string, target: string, startedAt: number): FloodViewState {
  return {
    test, target, elapsedMs: 0, msgRate: 0, mbitRate: 0, msgHistory: [], mbitHistory: [],
    sent: 0, delivered: 0, queued: 0, errors: 0, reconnects: 0, logs: [], stopping: false,
    lastAt: startedAt, lastCount: 0, lastBytes: 0,
  };
}

const keep = (history: readonly number[], value: number): number[] => [...history, value].slice(-HISTORY);

export function sampled(state: FloodViewState, s: Sample, startedAt: number): FloodViewState {
  const seconds = (s.now - state.lastAt) / 1000;
  const rates = ratesBetween(state.lastCount, state.lastBytes, { count: s.counters.sent, bytes: s.counters.bytes, seconds });
  return {
    ...state,
    elapsedMs: s.now - startedAt,
    msgRate: rates.msgPerSec,
    mbitRate: rates.mbitPerSec,
    msgHistory: keep(state.msgHistory, rates.msgPerSec),
    mbitHistory: keep(state.mbitHistory, rates.mbitPerSec),
    sent: s.counters.sent,
    delivered: s.stats.sent,
    queued: s.queued,
    errors: s.stats.errors,
    reconnects: s.stats.reconnects,
    lastAt: s.now,
    lastCount: s.counters.sent,
    lastBytes: s.counters.bytes,
  };
}

export function logged(state: FloodViewState, level: LogLine['level'], text: string): FloodViewState {
  const id = state.logs.length === 0 ? 0 : state.logs[state.logs.length - 1]!.id + 1;
  return { ...state, logs: [...state.logs, { id, level, text }] };
}
