// A decoder worker thread ([hekad] maxprocs > 1): runs SandboxDecoder instances (the same
// SandboxDecoderInstance as on the main thread, so the output is the same) for the streams the
// main thread assigned to it. The wasm module is compiled once per thread, on first use.
// Protocol (decoder-protocol.ts): create and stop are answered on the synchronous port; batches
// of records (record-batch.ts) come in order per decoder and their results go back in the same
// order.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { SandboxDecoderInstance } from './sandbox-decoder.js';
import { answerSync, type BatchReply, type ToWorker } from './decoder-protocol.js';
import { BatchResultsWriter } from './batch-results.js';
import { isLine, recordAt } from './record-batch.js';

const { syncPort, signal } = workerData as { syncPort: MessagePort; signal: Int32Array };
const decoders = new Map<number, SandboxDecoderInstance>();
const logged: string[] = [];

parentPort!.on('message', (msg: ToWorker) => {
  if (msg.op === 'create') {
    try {
      decoders.set(msg.id, new SandboxDecoderInstance(msg.settings, msg.name, msg.globals, (text) => logged.push(text)));
      answerSync(syncPort, signal, { ok: true, report: decoders.get(msg.id)!.report() });
    } catch (e) {
      answerSync(syncPort, signal, { ok: false, error: (e as Error).message });
    }
  } else if (msg.op === 'batch') {
    const decoder = decoders.get(msg.id)!;
    const batch = msg.records;
    const n = batch.ends.length;
    const results = new BatchResultsWriter(n);
    for (let i = 0; i < n; i++) {
      results.startRecord(i);
      try {
        // a log line is decoded from the batch as it lies; other records as packs
        if (isLine(batch, i)) decoder.decodeInto(undefined, batch, i, results.take);
        else decoder.decodeInto(recordAt(batch, i), undefined, 0, results.take);
      } catch (e) {
        results.failed(i, (e as Error).message);
      }
    }
    const reply: BatchReply = { op: 'decoded', id: msg.id, ...results.finish(), report: decoder.report(), logged: logged.splice(0) };
    parentPort!.postMessage(reply, [...reply.buffers, reply.places.buffer as ArrayBuffer, reply.counts.buffer as ArrayBuffer]);
  } else if (msg.op === 'stop') {
    decoders.get(msg.id)?.stop();
    decoders.delete(msg.id);
    parentPort!.postMessage({ op: 'stopped', id: msg.id, logged: logged.splice(0) });
  }
});
