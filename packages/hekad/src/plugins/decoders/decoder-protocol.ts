// What the main thread and a decoder worker (sandbox-decoder-worker.ts) exchange: records go
// as batches (record-batch.ts) and results come back as batches of protobuf bytes
// (batch-results.ts), each in transferred buffers; creating a decoder is answered
// synchronously (startup errors stop hekad as without workers).
import type { MessagePort } from 'node:worker_threads';
import { nodeWorkerThreads, type HekadGlobals } from '@heka/core';
import type { ReportField } from '../../pipeline/contracts.js';
import type { SandboxOptions } from '../../sandbox/sandbox-options.js';
import type { BatchResults } from './batch-results.js';
import type { RecordBatch } from './record-batch.js';

export type ToWorker =
  | { op: 'create'; id: number; settings: SandboxOptions; name: string; globals: HekadGlobals }
  | { op: 'batch'; id: number; records: RecordBatch }
  | { op: 'stop'; id: number };

export type FromWorker = BatchReply | { op: 'stopped'; id: number; logged: string[] };

export type CreateReply = { ok: true; report: readonly ReportField[] } | { ok: false; error: string };

/** A batch's results (batch-results.ts), and what the worker has to say besides. */
export interface BatchReply extends BatchResults {
  op: 'decoded';
  id: number;
  report: readonly ReportField[];
  /** What the decoders logged (logError) while decoding the batch. */
  logged: string[];
}

// ── synchronous requests (create) ──────────────────────────────────────────────────────────

/** Worker side: answers the request the main thread is blocked on. */
export function answerSync(port: MessagePort, signal: Int32Array, reply: CreateReply): void {
  port.postMessage(reply);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}

/** Main side: sends `send()`'s request and blocks until the worker answers, at most `timeoutMs`. */
export function requestSync<T>(port: MessagePort, signal: Int32Array, send: () => void, timeoutMs: number): T {
  Atomics.store(signal, 0, 0);
  send();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`the decoder worker did not answer within ${timeoutMs} ms`);
    if (Atomics.wait(signal, 0, 0, left) === 'timed-out') continue;
    const received = nodeWorkerThreads().receiveMessageOnPort(port);
    if (received) return received.message as T;
    Atomics.wait(signal, 0, 1, 1); // signalled but not yet delivered: look again shortly
  }
}
