// The -json summary: one object on stdout when the run ends.
import type { SenderStats } from '@heka/core';
import type { FloodCounters } from './flood.js';

export interface FloodSummary {
  test: string;
  address: string;
  sender: string;
  sent: number;
  delivered: number;
  bytes: number;
  corrupted: number;
  signed: number;
  oversized: number;
  errors: number;
  reconnects: number;
  seconds: number;
  msg_per_sec: number;
  mbit_per_sec: number;
}

export function summarize(test: string, address: string, sender: string, c: FloodCounters, s: SenderStats, seconds: number): FloodSummary {
  const round = (n: number): number => Math.round(n * 100) / 100;
  return {
    test, address, sender,
    sent: c.sent, delivered: s.sent, bytes: c.bytes,
    corrupted: c.corrupted, signed: c.signed, oversized: c.oversized,
    errors: s.errors, reconnects: s.reconnects,
    seconds: round(seconds),
    msg_per_sec: round(seconds > 0 ? c.sent / seconds : 0),
    mbit_per_sec: round(seconds > 0 ? (c.bytes * 8) / 1e6 / seconds : 0),
  };
}
