import { allocBytes } from '../../sandbox/byte-blocks.js';
import { BatchResultsWriter, resultViews, type BatchResults } from './batch-results.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString();

function inBlock(s: string): Uint8Array {
  const b = allocBytes(s.length);
  b.set(Buffer.from(s));
  return b;
}

/** As postMessage with the buffers transferred gives it to the other thread. */
function posted(results: BatchResults): BatchResults {
  return structuredClone(results, { transfer: [...results.buffers] });
}

describe('a decoder worker\'s batch results', () => {
  it('per record its messages in order, or its error; block bytes go over whole, other bytes copied', () => {
    const writer = new BatchResultsWriter(4);
    const a = inBlock('message a');
    const b1 = inBlock('b, first');
    const elsewhere = Buffer.from('xx b, second (not in a block) yy').subarray(3, 29);
    writer.decoded(0, [a]);
    writer.decoded(1, [b1, elsewhere]);
    writer.failed(2, 'Failed parsing: nope');
    writer.decoded(3, []);
    const results = writer.finish();
    expect(results.buffers).toContain(a.buffer);
    expect(results.buffers).toHaveLength(2); // the block and one buffer for the rest
    const received = posted(results);
    expect(a.length).toBe(0); // the block was transferred: detached here
    expect([...received.counts]).toEqual([1, 2, -1, 0]);
    expect(received.errors).toEqual(['Failed parsing: nope']);
    expect(resultViews(received).map(text)).toEqual(['message a', 'b, first', 'b, second (not in a block)']);
  });

  it('after a transfer, new bytes go to a new block', () => {
    const first = inBlock('one');
    const writer = new BatchResultsWriter(1);
    writer.decoded(0, [first]);
    posted(writer.finish());
    const second = inBlock('two');
    expect(second.length).toBe(3);
    expect(text(second)).toBe('two');
    expect(second.buffer).not.toBe(first.buffer);
  });
});
