import { PayloadEncoderInstance } from '../encoders/payload-encoder.js';
import { FakeConsumerContext, payloadPack } from './fake-context.js';
import { goLogPrefix } from '@heka/core';
import { LogOutputInstance } from './log-output.js';
import type { Encoder } from '../../pipeline/contracts.js';

const NOW = BigInt(Date.UTC(2009, 0, 23, 1, 23, 23, 123)) * 1_000_000n + 123_000n;
const payload = (append_newlines: boolean): Encoder =>
  new PayloadEncoderInstance({ append_newlines, prefix_ts: false, ts_from_message: true, ts_format: '' });

async function run(encoder: Encoder, flags: number, payloads: string[]): Promise<string> {
  const written: Uint8Array[] = [];
  const output = new LogOutputInstance(flags, (b) => { written.push(b); }, () => NOW);
  output.prepare(new FakeConsumerContext(encoder));
  for (const p of payloads) await output.processMessage(payloadPack(p));
  return Buffer.concat(written).toString();
}

describe('LogOutput', () => {
  it('writes one line per message with the date and time prefix (log_flags 3, UTC)', async () => {
    expect(await run(payload(true), 3 | 32, ['one', 'two'])).toBe('2009/01/23 01:23:23 one\n2009/01/23 01:23:23 two\n');
  });

  it('adds the newline Go log adds when the encoded bytes lack one', async () => {
    expect(await run(payload(false), 0, ['a', '', 'b\n'])).toBe('a\n\nb\n');
  });

  it('skips messages the encoder skips', async () => {
    const skipping: Encoder = { encode: () => undefined };
    expect(await run(skipping, 3, ['x'])).toBe('');
  });

  it('waits for a slow writer', async () => {
    let release!: () => void;
    const output = new LogOutputInstance(0, () => new Promise<void>((r) => { release = r; }));
    output.prepare(new FakeConsumerContext(payload(true)));
    let finished = false;
    const p = Promise.resolve(output.processMessage(payloadPack('x'))).then(() => { finished = true; });
    await Promise.resolve();
    expect(finished).toBe(false);
    release();
    await p;
    expect(finished).toBe(true);
  });
});

describe('goLogPrefix', () => {
  it.each([[0, ''], [1 | 32, '2009/01/23 '], [2 | 32, '01:23:23 '], [3 | 4 | 32, '2009/01/23 01:23:23.123123 '], [4 | 32, '01:23:23.123123 '], [16 | 32, '']])('flags %i', (flags, prefix) => {
    expect(goLogPrefix(flags, NOW)).toBe(prefix);
  });
});
