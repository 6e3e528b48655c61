// The send loop: the prepared records, chosen by SendPlan, written as fast as the sender takes
// them (or one per message_interval) until num_messages or a stop; counters for the progress
// lines, the live view and the summary.
import { setImmediate as yieldToLoop, setTimeout as sleep } from 'node:timers/promises';
import type { Sender } from '@heka/core';
import type { PreparedMessages } from './messages.js';
import { SendPlan, corrupted, type Percentages } from './send-plan.js';

export interface FloodCounters {
  /** Sends attempted (Heka's msgsSent). */
  sent: number;
  /** Bytes of those sends. */
  bytes: number;
  corrupted: number;
  signed: number;
  oversized: number;
}

export interface FloodRun {
  numMessages: number;
  intervalMs: number;
  percent: Percentages;
  /** True once the loop must end (Ctrl-C, or a send error without reconnect). */
  stopped(): boolean;
}

/** Sends between turns of the event loop when the sender never pushes back. */
const YIELD_EVERY = 1024;

export async function floodLoop(sender: Sender, messages: PreparedMessages, run: FloodRun, counters: FloodCounters): Promise<void> {
  const count = messages.unsigned.length;
  const plan = new SendPlan(run.percent, count);
  while (!run.stopped()) {
    const choice = plan.next(counters.sent);
    let record = messages[choice.kind][choice.index]!;
    if (choice.kind === 'signed') counters.signed++;
    else if (choice.kind === 'oversized') counters.oversized++;
    if (choice.corrupt) {
      record = corrupted(record);
      counters.corrupted++;
    }
    counters.bytes += record.length;
    while (!sender.send(record)) {
      await sender.whenRoom();
      if (run.stopped()) return;
    }
    counters.sent++;
    if (run.numMessages !== 0 && counters.sent >= run.numMessages) return;
    if (run.intervalMs > 0) await sleep(run.intervalMs);
    else if (counters.sent % YIELD_EVERY === 0) await yieldToLoop();
  }
}
