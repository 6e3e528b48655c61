import { Message } from '@heka/core';
import { Pack } from '../../pipeline/pack.js';
import { decoders, run, view } from './decoder-harness.js';
import { PROTOBUF_CASES } from './protobuf-decoder.cases.js';

describe('ProtobufDecoder', () => {
  const decoder = decoders('[LogOutput]\nmessage_matcher = "TRUE"\nencoder = "ProtobufEncoder"\n').create('ProtobufDecoder');

  it.each(PROTOBUF_CASES)('$name', async (c) => {
    const pack = new Pack(new Message());
    pack.bytes = c.bytes;
    const result = await run(decoder, pack);
    if ('error' in c.expect) {
      expect('error' in result && result.error).toMatch(c.expect.error);
      return;
    }
    expect(result).toEqual({ packs: [pack] });
    expect(view(pack.message)).toEqual(view(c.expect.message));
    expect(pack.message.envVersion).toBe(c.expect.message.envVersion);
    // The bytes still describe the message: outputs reuse them instead of encoding again.
    expect(pack.bytes).toBe(c.bytes);
  });
});
