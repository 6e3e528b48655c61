import { frameMessage, type ByteRangeSink } from '@heka/core';
import { addFramedInPlace, allocBytes, allocFramed, freezeBuffer, isFrozenBlockView } from './byte-blocks.js';

/** Collects ranges as their bytes, joined the way WriteBatch joins adjacent ones. */
class Collect implements ByteRangeSink {
  ranges: { buffer: ArrayBufferLike; start: number; end: number }[] = [];
  addRange(source: Uint8Array, start: number, end: number): void {
    const at = source.byteOffset + start;
    const last = this.ranges.at(-1);
    if (last && last.buffer === source.buffer && last.end === at) last.end += end - start;
    else this.ranges.push({ buffer: source.buffer, start: at, end: at + end - start });
  }
  bytes(): Buffer {
    return Buffer.concat(this.ranges.map((r) => new Uint8Array(r.buffer, r.start, r.end - r.start)));
  }
}

const filled = (bytes: Uint8Array, seed: number) => {
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seed + i * 7) & 0xff;
  return bytes;
};

describe('allocFramed and addFramedInPlace', () => {
  it('write each record as frameMessage frames it, consecutive records as one range', () => {
    const messages = [200, 127, 128, 5, 300].map((n, i) => filled(allocFramed(n), i));
    const sink = new Collect();
    for (const m of messages) expect(addFramedInPlace(m, sink)).toBe(true);
    expect(sink.bytes().toString('hex')).toBe(Buffer.concat(messages.map((m) => frameMessage(m))).toString('hex'));
    expect(sink.ranges.length).toBeLessThanOrEqual(2); // one, or two when a block filled up
    expect(messages.every(isFrozenBlockView)).toBe(true);
  });

  it('decline bytes without their framing before them, or not from a block', () => {
    const sink = new Collect();
    expect(addFramedInPlace(allocBytes(40), sink)).toBe(false); // plain block view: other bytes before it
    expect(addFramedInPlace(new Uint8Array(40), sink)).toBe(false);
    expect(addFramedInPlace(allocFramed(40).subarray(1), sink)).toBe(false);
    const frozen = new Uint8Array(64);
    freezeBuffer(frozen.buffer);
    expect(isFrozenBlockView(frozen.subarray(3))).toBe(true);
    expect(addFramedInPlace(frozen.subarray(3), sink)).toBe(false);
    expect(sink.ranges).toEqual([]);
  });

  it('give large messages an array of their own, framed by copying', () => {
    const big = allocFramed(20_000);
    expect(big.byteOffset).toBe(0);
    expect(addFramedInPlace(big, new Collect())).toBe(false);
  });
});
