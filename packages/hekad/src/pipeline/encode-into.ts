// ConsumerContext.encodeInto for a runner (or a test's context) that knows the output's encoder.
import type { ByteRangeSink } from '@heka/core';
import type { ConsumerContext, Encoder } from './contracts.js';
import type { Pack } from './pack.js';

/**
 * The message's bytes as `context.encode` gives them, handed to `sink`; for an unframed
 * payload-only encoder they are the payload where it lies (a log line in its read chunk, no view).
 */
export function encodeInto(context: ConsumerContext, encoder: Encoder | undefined, framed: boolean, pack: Pack, sink: ByteRangeSink): boolean {
  if (encoder?.payloadOnly === true && !framed) {
    pack.message.payloadTo(sink);
    return true;
  }
  const bytes = context.encode(pack);
  if (bytes === undefined) return false;
  sink.addRange(bytes, 0, bytes.length);
  return true;
}
