// SandboxDecoder in a worker thread ([hekad] maxprocs > 1, ARCHITECTURE §5): the main thread
// keeps the packs and hands the worker each stream's records in batches (record-batch.ts: a log
// line as its payload); the worker answers with each record's messages (or its error) in record
// order. A stream hands over the records of each read at once (decodeBatch); decode() batches
// single records (a MultiDecoder's) until the end of the turn. Each stream's
// decoder lives in one worker; streams are spread over up to `maxprocs` workers.
import type { MessagePort, Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { decodeMessage, nodeWorkerThreads, type HekadGlobals } from '@heka/core';
import type { DecodedBatch, Decoder, ReportField } from '../../pipeline/contracts.js';
import { Pack } from '../../pipeline/pack.js';
import { PACKAGE_ROOT } from '../../sandbox/package-root.js';
import { freezeBuffer } from '../../sandbox/byte-blocks.js';
import type { SandboxOptions } from '../../sandbox/sandbox-options.js';
import { requestSync, type BatchReply, type CreateReply, type FromWorker, type ToWorker } from './decoder-protocol.js';
import { RecordBatchWriter } from './record-batch.js';
import { resultViews } from './batch-results.js';

/** The worker's script as built (a module file of its own, not part of the bundle). */
const WORKER_PATH = join(PACKAGE_ROOT, 'dist', 'plugins', 'decoders', 'sandbox-decoder-worker.js');
/** Records per batch: a batch is posted when this many are waiting, or at the end of the current turn. */
const BATCH = 1024;
/** Loading the worker's modules and compiling the wasm under load takes seconds at worst. */
const CREATE_TIMEOUT_MS = 60_000;

/** A batch posted to the worker, waiting for its results. */
interface Waiting {
  packs: Pack[];
  resolve(results: DecodedBatch): void;
  reject(e: Error): void;
}

/** One worker thread and the decoders it runs. */
class DecoderThread {
  readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  readonly decoders = new Map<number, WorkerSandboxDecoder>();
  private failure: Error | undefined;

  constructor() {
    const { MessageChannel, Worker } = nodeWorkerThreads();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_PATH, { workerData: { syncPort: port2, signal: this.signal }, transferList: [port2] });
    this.worker.unref(); // hekad exits when its work is done; streams stop their decoders first
    this.port.unref();
    this.worker.on('message', (msg: FromWorker) => this.decoders.get(msg.id)?.answer(msg));
    const failed = (e: Error) => {
      this.failure ??= e;
      const at = threads.indexOf(this);
      if (at >= 0) threads.splice(at, 1);
      for (const d of this.decoders.values()) d.workerFailed(e);
    };
    this.worker.on('error', (e) => failed(new Error(`decoder worker failed: ${e.message}`)));
    this.worker.on('exit', (code) => failed(new Error(`decoder worker exited (code ${code})`)));
  }

  create(msg: ToWorker & { op: 'create' }): CreateReply {
    if (this.failure) throw this.failure;
    return requestSync<CreateReply>(this.port, this.signal, () => this.worker.postMessage(msg), CREATE_TIMEOUT_MS);
  }

  post(msg: ToWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(msg, transfer);
  }
}

const threads: DecoderThread[] = [];
let nextId = 1;

/** The worker with the fewest decoders, or a new one while fewer than maxprocs run. */
function threadFor(maxprocs: number): DecoderThread {
  const least = threads.reduce<DecoderThread | undefined>((a, t) => (a && a.decoders.size <= t.decoders.size ? a : t), undefined);
  if (least && (least.decoders.size === 0 || threads.length >= maxprocs)) return least;
  const thread = new DecoderThread();
  threads.push(thread);
  return thread;
}

export class WorkerSandboxDecoder implements Decoder {
  readonly pipelined = true;
  private readonly id = nextId++;
  private readonly thread: DecoderThread;
  private readonly writer = new RecordBatchWriter();
  // records given to decode() one by one, posted together at the end of the turn
  private batch: Pack[] = [];
  private batchResolve: ((packs: Pack[]) => void)[] = [];
  private batchReject: ((e: Error) => void)[] = [];
  private flushScheduled = false;
  /** Batches posted, in order, waiting for their results. */
  private readonly inFlight: Waiting[] = [];
  private lastReport: readonly ReportField[];
  private failure: Error | undefined;
  private stopping: Promise<void> | undefined;
  private stopped: (() => void) | undefined;

  /** Creates the sandbox in a worker; waits for it, so a script that cannot start stops hekad as without workers. */
  constructor(settings: SandboxOptions, name: string, globals: HekadGlobals, private readonly logError?: (text: string) => void) {
    this.thread = threadFor(globals.maxprocs);
    this.thread.decoders.set(this.id, this);
    const reply = this.thread.create({ op: 'create', id: this.id, settings, name, globals: { ...globals } });
    if (!reply.ok) {
      this.thread.decoders.delete(this.id);
      throw new Error(reply.error);
    }
    this.lastReport = reply.report;
  }

  decode(pack: Pack): Promise<Pack[]> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<Pack[]>((resolve, reject) => {
      this.batch.push(pack);
      this.batchResolve.push(resolve);
      this.batchReject.push(reject);
      if (this.batch.length >= BATCH) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => this.flush());
      }
    });
  }

  decodeBatch(packs: Pack[]): Promise<DecodedBatch> {
    this.flush(); // records given to decode() before these go first
    return new Promise<DecodedBatch>((resolve, reject) => this.post({ packs, resolve, reject }));
  }

  report(): readonly ReportField[] {
    return this.lastReport;
  }

  /** Waits for the records under way, then stops the sandbox in the worker (preserve_data saves there). */
  stop(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      this.flush();
      if (this.failure) return resolve();
      this.stopped = resolve;
      this.thread.post({ op: 'stop', id: this.id });
    });
    return this.stopping;
  }

  /** Posts the records given to decode(): each one's promise settles with its own outcome. */
  private flush(): void {
    this.flushScheduled = false;
    if (this.batch.length === 0) return;
    const { batchResolve: resolves, batchReject: rejects } = this;
    const packs = this.batch;
    this.batch = [];
    this.batchResolve = [];
    this.batchReject = [];
    this.post({
      packs,
      resolve: ({ counts, packs: out, errors }) => {
        for (let i = 0, m = 0, e = 0; i < packs.length; i++) {
          const count = counts[i]!;
          if (count < 0) rejects[i]!(errors[e++]!);
          else resolves[i]!(out.slice(m, (m += count)));
        }
      },
      reject: (e) => { for (const reject of rejects) reject(e); },
    });
  }

  private post(waiting: Waiting): void {
    if (this.failure) return waiting.reject(this.failure);
    const records = this.writer.write(waiting.packs);
    this.inFlight.push(waiting);
    const transfer = [records.data.buffer, records.starts.buffer, records.ends.buffer, records.headerOf.buffer, records.stamps.buffer] as ArrayBuffer[];
    this.thread.post({ op: 'batch', id: this.id, records }, transfer);
  }

  /** A message from the worker for this decoder. */
  answer(msg: FromWorker): void {
    for (const text of msg.logged) this.logError?.(text);
    if (msg.op === 'stopped') {
      this.thread.decoders.delete(this.id);
      this.stopped?.();
      return;
    }
    const waiting = this.inFlight.shift()!;
    this.lastReport = msg.report;
    waiting.resolve(results(waiting.packs, msg));
  }

  /** The worker is gone: every record under way or still to come fails with the reason. */
  workerFailed(e: Error): void {
    this.failure ??= e;
    for (const waiting of this.inFlight.splice(0)) waiting.reject(e);
    this.stopped?.();
  }
}

/**
 * A batch's packs: a record's first message reuses the record's pack and its message object
 * (decoded into: the record's message is no one else's, and a new one per record kept the
 * main thread's GC busy while records waited for the worker).
 */
function results(records: readonly Pack[], reply: BatchReply): DecodedBatch {
  const messages = resultViews(reply);
  for (const buffer of reply.buffers) freezeBuffer(buffer); // the packs' bytes: never written, so encoders need not copy them
  const packs: Pack[] = new Array(messages.length);
  const errors: Error[] = reply.errors.map((text) => new Error(text));
  const counts = reply.counts;
  for (let i = 0, m = 0; i < records.length; i++) {
    const count = counts[i]!;
    for (let k = 0; k < count; k++, m++) {
      const bytes = messages[m]!;
      let pack: Pack;
      if (k === 0) {
        pack = records[i]!;
        decodeMessage(bytes, pack.message);
      } else pack = new Pack(decodeMessage(bytes));
      pack.bytes = bytes;
      packs[m] = pack;
    }
  }
  return { counts, packs, errors };
}
