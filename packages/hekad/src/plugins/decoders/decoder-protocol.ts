// What the main thread and a decoder worker (sandbox-decoder-worker.ts) exchange: records go
// as batches (record-batch.ts) and results come back as batches of protobuf bytes, each in
// transferred buffers; creating a decoder is answered synchronously (startup errors stop hekad
// as without workers).
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { HekadGlobals } from '@heka/core';
import type { ReportField } from '../../pipeline/contracts.js';
import type { SandboxOptions } from '../../sandbox/sandbox-options.js';
import type { RecordBatch } from './record-batch.js';

export type ToWorker =
  | { op: 'create'; id: number; settings: SandboxOptions; name: string; globals: HekadGlobals }
  | { op: 'batch'; id: number; records: RecordBatch }
  | { op: 'stop'; id: number };

export type FromWorker = BatchReply | { op: 'stopped'; id: number; logged: string[] };

export type CreateReply = { ok: true; report: readonly ReportField[] } | { ok: false; error: string };

/** Byte strings laid end to end: item i is data[ends[i - 1] ?? 0, ends[i]). */
export interface PackedBytes {
  data: Uint8Array;
  ends: Uint32Array;
}

/** A batch's results: per record, `counts[i]` messages (their bytes in order), or -1 and the next of `errors`. */
export interface BatchReply extends PackedBytes {
  op: 'decoded';
  id: number;
  counts: Int32Array;
  errors: string[];
  report: readonly ReportField[];
  /** What the decoders logged (logError) while decoding the batch. */
  logged: string[];
}

/** Views of the packed byte strings (no copies). */
export function unpackBytes({ data, ends }: PackedBytes): Uint8Array[] {
  const out: Uint8Array[] = new Array(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i++) {
    out[i] = data.subarray(start, ends[i]);
    start = ends[i]!;
  }
  return out;
}

/** Each record's messages, or its error text. */
export function packBatch(outcomes: readonly (Uint8Array[] | string)[]): Omit<BatchReply, 'op' | 'id' | 'report' | 'logged'> {
  const counts = new Int32Array(outcomes.length);
  const errors: string[] = [];
  let total = 0;
  let items = 0;
  outcomes.forEach((o, i) => {
    if (typeof o === 'string') {
      counts[i] = -1;
      errors.push(o);
    } else {
      counts[i] = o.length;
      items += o.length;
      for (const bytes of o) total += bytes.length;
    }
  });
  const data = new Uint8Array(total);
  const ends = new Uint32Array(items);
  let p = 0;
  let k = 0;
  for (const o of outcomes) {
    if (typeof o === 'string') continue;
    for (const bytes of o) {
      data.set(bytes, p);
      p += bytes.length;
      ends[k++] = p;
    }
  }
  return { counts, errors, data, ends };
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
    const received = receiveMessageOnPort(port);
    if (received) return received.message as T;
    Atomics.wait(signal, 0, 1, 1); // signalled but not yet delivered: look again shortly
  }
}
