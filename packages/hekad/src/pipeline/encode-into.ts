// ConsumerContext.encodeInto for a runner (or a test's context) that knows the output's encoder.
import { DEFAULT_MAX_MESSAGE_SIZE, frameMessage, type ByteRangeSink } from '@heka/core';
import type { ConsumerContext, Encoder } from './contracts.js';
import type { Pack } from './pack.js';
import { addFramedInPlace } from '../sandbox/byte-blocks.js';

/**
 * The message's bytes as `context.encode` gives them, handed to `sink`; for an unframed
 * payload-only encoder they are the payload where it lies (a log line in its read chunk, no
 * view); framed, a Lua decoder's injected bytes go out with the framing written before them
 * when they were injected (no copy: ProtobufEncoder hands them on as they are).
 */
export function encodeInto(context: ConsumerContext, encoder: Encoder | undefined, framed: boolean, pack: Pack, sink: ByteRangeSink, maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE): boolean {
  if (encoder?.payloadOnly === true && !framed) {
    pack.message.payloadTo(sink);
    return true;
  }
  if (framed && encoder !== undefined) {
    const bytes = encoder.encode(pack);
    if (bytes === undefined) return false;
    if (bytes.length > maxMessageSize || !addFramedInPlace(bytes, sink)) {
      const record = frameMessage(bytes, undefined, maxMessageSize);
      sink.addRange(record, 0, record.length);
    }
    return true;
  }
  const bytes = context.encode(pack);
  if (bytes === undefined) return false;
  sink.addRange(bytes, 0, bytes.length);
  return true;
}
