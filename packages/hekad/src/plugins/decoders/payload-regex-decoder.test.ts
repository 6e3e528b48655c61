import { nowNs } from '@heka/core';
import { configErrors, decoders, payloadPack, run, view } from './decoder-harness.js';
import { REGEX_CASES, REGEX_REFUSED } from './payload-regex-decoder.cases.js';

const section = (body: string) => `[r]\ntype = "PayloadRegexDecoder"\n${body}\n`;

describe('PayloadRegexDecoder', () => {
  it.each(REGEX_CASES)('$name', async (c) => {
    const built = decoders(section(c.section));
    const pack = payloadPack(c.payload);
    const before = view(pack.message);
    const result = await run(built.create('r'), pack);
    if (c.error !== undefined) expect(result).toEqual({ error: c.error });
    else if (c.dropped) expect(result).toEqual({ packs: [] });
    else {
      expect(result).toEqual({ packs: [pack] });
      expect(view(pack.message)).toEqual({ ...before, ...c.expect });
    }
    expect(built.logged).toEqual(c.logged ?? []);
  });

  it.each(REGEX_REFUSED)('refuses $section', ({ section: body, error }) => {
    const errors = configErrors(section(body));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(error);
  });

  it('puts a time without a year in the current year, a time without a date today', async () => {
    const now = new Date(Number(nowNs() / 1_000_000n));
    const year = now.getUTCFullYear();
    const built = decoders(section("match_regex = '(?P<Timestamp>.+)'\ntimestamp_layout = 'Jan _2 15:04:05'"));
    const pack = payloadPack('Mar  5 10:00:00');
    await run(built.create('r'), pack);
    expect(pack.message.timestamp).toBe(BigInt(Date.UTC(year, 2, 5, 10)) * 1_000_000n);
    const kitchen = decoders(section("match_regex = '(?P<Timestamp>.+)'\ntimestamp_layout = '3:04PM'"));
    const p2 = payloadPack('1:30PM');
    await run(kitchen.create('r'), p2);
    expect(p2.message.timestamp).toBe(BigInt(Date.UTC(year, now.getUTCMonth(), now.getUTCDate(), 13, 30)) * 1_000_000n);
  });

  it('forgets the pack bytes once it has changed the message', async () => {
    const pack = payloadPack('1');
    pack.bytes = new Uint8Array([1]);
    await run(decoders(section("match_regex = '(\\d)'")).create('r'), pack);
    expect(pack.bytes).toBeUndefined();
  });
});
