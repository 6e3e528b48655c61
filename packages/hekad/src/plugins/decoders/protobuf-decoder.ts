import { MessageDecodeError, decodeMessage, definePlugin } from '@heka/core';
import type { Decoder } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';

/** Turns the pack's message bytes into its message; the bytes stay as the message's encoding. */
export class ProtobufDecoderInstance implements Decoder {
  decode(pack: Pack): Pack[] {
    const bytes = pack.bytes;
    if (bytes === undefined) {
      // Heka would decode stale or empty bytes here; a record that became a payload has none.
      throw new Error('ProtobufDecoder: the record carries no message bytes (its splitter must have use_message_bytes = true, e.g. HekaFramingSplitter)');
    }
    try {
      pack.message = decodeMessage(bytes);
    } catch (e) {
      if (!(e instanceof MessageDecodeError)) throw e;
      throw new Error(`ProtobufDecoder: corrupt message of ${bytes.length} bytes: ${e.message}`);
    }
    return [pack];
  }
}

export const ProtobufDecoder = definePlugin({
  type: 'ProtobufDecoder',
  family: 'decoder',
  summary: 'Decodes Heka protobuf message bytes into a message.',
  description: 'Used with HekaFramingSplitter (or any splitter with use_message_bytes = true). A default instance named ProtobufDecoder always exists.',
  config: {},
  create: () => new ProtobufDecoderInstance(),
});
