// -stdin: one message per line of standard input (payload = the line without its newline),
// written without waiting for each one (pipelined, bounded by the sender's queue).
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { FramingError, type Sender, type StreamEncoder } from '@heka/core';
import { injectMessage, type InjectHeaders } from './message.js';
import { sendError } from './connect.js';

export interface StdinResult {
  lines: number;
  /** Lines too long to send as a message. */
  skipped: number;
  seconds: number;
}

export async function injectLines(input: Readable, sender: Sender, encoder: StreamEncoder, headers: InjectHeaders): Promise<StdinResult> {
  const started = process.hrtime.bigint();
  let lines = 0;
  let skipped = 0;
  let failure: Error | undefined;
  const onDone = (err?: Error): void => { failure ??= err; };
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (failure) break;
    let record: Uint8Array;
    try {
      record = encoder.encode(injectMessage(headers, line));
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      // One huge line does not end the run: it is reported and the rest is sent.
      process.stderr.write(`Inject: [error] line ${lines + skipped + 1} not sent: ${e.message}\n`);
      skipped++;
      continue;
    }
    while (!sender.send(record, onDone)) await sender.whenRoom();
    lines++;
  }
  rl.close();
  await sender.flush();
  if (failure) throw sendError(failure);
  return { lines, skipped, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export function formatStdinSummary(r: StdinResult): string {
  const rate = r.seconds > 0 ? r.lines / r.seconds : 0;
  const skipped = r.skipped > 0 ? ` (${r.skipped} lines too long, not sent)` : '';
  return `Sent ${r.lines} messages in ${r.seconds.toFixed(2)} s: ${rate.toFixed(2)} msg/sec${skipped}\n`;
}
