import { definePlugin, encodeMessage } from '@heka/core';
import type { Encoder } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';

export class ProtobufEncoderInstance implements Encoder {
  encode(pack: Pack): Uint8Array {
    // A copy: the pack's bytes may live in a buffer that is reused once the pack is released,
    // while a batching output keeps what it was given.
    return pack.bytes !== undefined ? pack.bytes.slice() : encodeMessage(pack.message);
  }
}

export const ProtobufEncoder = definePlugin({
  type: 'ProtobufEncoder',
  family: 'encoder',
  summary: 'Encodes a message as Heka protobuf bytes.',
  config: {},
  create: () => new ProtobufEncoderInstance(),
});
