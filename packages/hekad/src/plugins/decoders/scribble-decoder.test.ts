import { Message } from '@heka/core';
import { Pack } from '../../pipeline/pack.js';
import { configErrors, decoders, payloadPack, run, view } from './decoder-harness.js';
import { SCRIBBLE_CASES, SCRIBBLE_REFUSED } from './scribble-decoder.cases.js';

const section = (fields: string) => `[s]\ntype = "ScribbleDecoder"\n[s.message_fields]\n${fields}\n`;

describe('ScribbleDecoder', () => {
  it.each(SCRIBBLE_CASES)('$name', async (c) => {
    const pack = payloadPack('line');
    const before = view(pack.message);
    const result = await run(decoders(section(c.fields)).create('s'), pack);
    expect(result).toEqual({ packs: [pack] });
    expect(view(pack.message)).toEqual({ ...before, ...c.expect });
  });

  it.each(SCRIBBLE_REFUSED)('refuses $fields at load', ({ fields, error }) => {
    expect(configErrors(section(fields))).toEqual([error]);
  });

  it('forgets the bytes of a message it changed, keeps them when it changes nothing', async () => {
    const bytes = new Uint8Array([1]);
    const changed = new Pack(new Message());
    changed.bytes = bytes;
    await run(decoders(section('Type = "t"')).create('s'), changed);
    expect(changed.bytes).toBeUndefined();
    const same = new Pack(new Message());
    same.bytes = bytes;
    await run(decoders(section('')).create('s'), same);
    expect(same.bytes).toBe(bytes);
  });
});
