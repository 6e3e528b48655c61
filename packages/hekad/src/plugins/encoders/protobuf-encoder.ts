import { definePlugin, encodeMessage } from '@heka/core';
import type { Encoder } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import { isFrozenBlockView } from '../../sandbox/byte-blocks.js';

export class ProtobufEncoderInstance implements Encoder {
  encode(pack: Pack): Uint8Array {
    // A copy: the pack's bytes may live in a buffer that is reused once the pack is released,
    // while a batching output keeps what it was given. Bytes in a shared block (a Lua decoder's
    // injected messages) are never written again and are handed on as they are.
    const bytes = pack.bytes;
    if (bytes === undefined) return encodeMessage(pack.message);
    return isFrozenBlockView(bytes) ? bytes : bytes.slice();
  }
}

export const ProtobufEncoder = definePlugin({
  type: 'ProtobufEncoder',
  family: 'encoder',
  summary: 'Encodes a message as Heka protobuf bytes.',
  config: {},
  create: () => new ProtobufEncoderInstance(),
});
