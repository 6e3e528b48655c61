import { defaultGlobals } from '@heka/core';
import type { Decoder } from '../../pipeline/contracts.js';
import { configErrors, decoders, payloadPack, run, view } from './decoder-harness.js';
import { MULTI_CASES, MULTI_REFUSED, SUB_SECTIONS } from './multi-decoder.cases.js';
import { MultiDecoder, MultiDecoderInstance } from './multi-decoder.js';

const section = (body: string) => `[m]\ntype = "MultiDecoder"\n${body}\n${SUB_SECTIONS}`;

function counts(decoder: Decoder): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const { name, value } of decoder.report?.() ?? []) {
    const m = /^ProcessMessage(Count|Failures)-(.+)$/.exec(name);
    if (m) (out[m[2]!] ??= [0, 0])[m[1] === 'Count' ? 0 : 1] = Number(value);
  }
  return out;
}

describe('MultiDecoder', () => {
  it.each(MULTI_CASES)('$name', async (c) => {
    const built = decoders(section(c.section));
    const decoder = built.create('m');
    const pack = payloadPack(c.payload);
    const before = view(pack.message);
    const result = await run(decoder, pack);
    if (c.error !== undefined) expect(result).toEqual({ error: c.error });
    else {
      expect(result).toEqual({ packs: [pack] });
      expect(view(pack.message)).toEqual({ ...before, ...c.expect });
    }
    if (c.logged) expect(built.logged).toEqual(c.logged);
    if (c.counts) expect(counts(decoder)).toMatchObject(c.counts);
  });

  it.each(MULTI_REFUSED)('refuses $section', ({ section: body, error }) => {
    const errors = configErrors(section(body));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(error);
  });

  it('is created after the other decoders, its subs first', () => {
    const { config } = decoders('[outer]\ntype = "MultiDecoder"\nsubs = ["inner"]\n[inner]\ntype = "MultiDecoder"\nsubs = ["stamp"]\n[stamp]\ntype = "ScribbleDecoder"\n');
    expect(config.plugins.filter((p) => p.family === 'decoder').map((p) => p.name)).toEqual(['stamp', 'ProtobufDecoder', 'inner', 'outer']);
  });

  it('reports four fields per sub', async () => {
    const decoder = decoders(section('subs = ["a", "b"]')).create('m');
    await run(decoder, payloadPack('b x'));
    await run(decoder, payloadPack('b y'));
    expect(decoder.report!().map((f) => [f.name, f.representation, f.name.includes('AvgDuration') ? typeof f.value : f.value])).toEqual([
      ['ProcessMessageCount-a', 'count', 2], ['ProcessMessageFailures-a', 'count', 2], ['ProcessMessageSamples-a', 'count', 1], ['ProcessMessageAvgDuration-a', 'ns', 'number'],
      ['ProcessMessageCount-b', 'count', 2], ['ProcessMessageFailures-b', 'count', 0], ['ProcessMessageSamples-b', 'count', 1], ['ProcessMessageAvgDuration-b', 'ns', 'number'],
    ]);
  });

  it('all: a later sub decodes each pack an earlier one produced, failures passing through', async () => {
    const split: Decoder = { decode: (p) => p.message.payload.split(',').map((part) => payloadPack(part)) };
    const upper: Decoder = {
      decode: (p) => {
        if (p.message.payload === 'bad') throw new Error('bad');
        p.message.payload = p.message.payload.toUpperCase();
        return [p];
      },
    };
    const drop: Decoder = { decode: (p) => (p.message.payload === 'X' ? [] : [p]) };
    const logged: string[] = [];
    const multi = new MultiDecoderInstance({
      subs: [{ name: 'split', decoder: split }, { name: 'upper', decoder: upper }, { name: 'drop', decoder: drop }],
      strategy: 'all', logSubError: (t) => logged.push(t), sampleDenominator: 1000,
    });
    const packs = await multi.decode(payloadPack('x,bad,y'));
    expect(packs.map((p) => p.message.payload)).toEqual(['X', 'bad', 'Y']);
    expect(logged).toEqual(["Subdecoder 'upper' decode error: bad"]);
  });

  it('first-wins: returns every pack of the winning sub, and async subs work', async () => {
    const two: Decoder = { decode: async (p) => [p, payloadPack('y')] };
    const multi = new MultiDecoderInstance({ subs: [{ name: 'two', decoder: two }], strategy: 'first-wins', sampleDenominator: 1 });
    expect(await multi.decode(payloadPack('x'))).toHaveLength(2);
  });

  it('needs a runtime that creates subs, and subs that exist', () => {
    const { config } = decoders(section('subs = ["a"]'));
    const m = config.plugins.find((p) => p.name === 'm')!;
    expect(() => MultiDecoder.create!(m.config as never, m.common as never, { name: 'm', globals: defaultGlobals() }))
      .toThrow("MultiDecoder 'm': this runtime cannot create subdecoders");
    expect(() => MultiDecoder.create!(m.config as never, m.common as never, { name: 'm', globals: defaultGlobals(), decoder: () => undefined } as never))
      .toThrow("MultiDecoder 'm': subdecoder 'a' is not a decoder section");
  });
});
