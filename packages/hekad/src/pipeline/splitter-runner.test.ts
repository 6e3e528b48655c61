// SplitterRunner: buffer limits, truncation, the final record, offsets and problems.
import { chunkings, latin1, split, splitterSection } from '../plugins/splitters/splitter-harness.js';
import { SplitterRunner } from './splitter-runner.js';
import { MAX, OVERSIZE_CASES, SMALL_LIMITS } from './splitter-runner.cases.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

/** Whole, byte by byte, fixed sizes around the limit, and two pieces cut every 97 bytes. */
function someChunkings(length: number): number[][] {
  return [...[[length], [1], [100], [MAX - 1], [MAX], [MAX + 1], [4096]], ...chunkings(length).slice(2).filter((_, i) => i % 97 === 0)];
}

describe.each(OVERSIZE_CASES)('$name', (c) => {
  const input = bytes(c.input);

  it.each(someChunkings(input.length).map((chunks) => [chunks.slice(0, 2).join('+'), chunks] as const))('chunks %s', (_label, chunks) => {
    const dropped = split(c.section, input, chunks, { hekad: SMALL_LIMITS });
    expect(dropped.records.map((r) => latin1(r.bytes))).toEqual(c.dropped);
    expect(dropped.stats.dropped['too-large']).toBe(c.tooLarge);
    expect(dropped.problems.map((p) => p.message)).toEqual(Array(c.tooLarge).fill(`record exceeded MAX_RECORD_SIZE ${MAX} and was dropped`));

    const kept = split(`${c.section}\nkeep_truncated = true`, input, chunks, { hekad: SMALL_LIMITS });
    expect(kept.records.map((r) => [latin1(r.bytes), r.truncated])).toEqual(c.kept);
    expect(kept.records.map((r) => r.offset)).toEqual(c.keptOffsets);
    expect(kept.stats.truncated).toBe(c.tooLarge);
    expect(kept.problems.map((p) => p.message)).toEqual(Array(c.tooLarge).fill(`record exceeded MAX_RECORD_SIZE ${MAX} and was truncated`));
  });
});

describe('SplitterRunner', () => {
  it('starts at min_buffer_size and doubles up to MAX_RECORD_SIZE', () => {
    const small = split('type = "TokenSplitter"\nmin_buffer_size = 100', bytes('x'.repeat(150) + '\n'), [10]);
    expect(small.stats.bufferSize).toBe(200);
    const capped = split('type = "TokenSplitter"', bytes('x'.repeat(2000)), [10], { hekad: SMALL_LIMITS });
    expect(capped.stats.bufferSize).toBe(MAX);
  });

  it('counts offsets from where the stream was opened', () => {
    const result = split('type = "TokenSplitter"', bytes('a\nb\nc'), [3], { offset: 1000 });
    expect(result.records.map((r) => r.offset)).toEqual([1002, 1004]);
    expect(result.position).toBe(1004);
  });

  it('leaves an unfinished record unconsumed, so that a checkpoint reads it again', () => {
    const result = split('type = "TokenSplitter"', bytes('a\nbcd'), [2, 1], { end: false });
    expect(result.records.map((r) => latin1(r.bytes))).toEqual(['a\n']);
    expect(result.position).toBe(2);
    expect(result.stats.dropped.incomplete).toBe(0);
  });

  it('reports an unfinished record at the end of the input', () => {
    const result = split('type = "TokenSplitter"', bytes('a\nbcd'));
    expect(result.problems).toEqual([{ kind: 'record-dropped', reason: 'incomplete', message: 'the input ended inside a record; 3 bytes were not delivered (set deliver_incomplete_final = true on the splitter to deliver them)', offset: 2 }]);
  });

  it('never changes the bytes of a record it handed out', () => {
    const input = bytes('ab\ncd\nef\ngh\n');
    const result = split('type = "TokenSplitter"\nmin_buffer_size = 4', input, [1, 2, 1, 3]);
    expect(result.records.map((r) => latin1(r.bytes))).toEqual(['ab\n', 'cd\n', 'ef\n', 'gh\n']);
    expect(result.stats.records).toBe(4);
    expect(result.stats.bytes).toBe(12);
  });
});

describe('SplitterRunner.endUnit (a datagram ended)', () => {
  const run = (section: string, units: string[]) => {
    const { instance, maxRecordSize, splitter } = splitterSection(section);
    const records: string[] = [];
    const problems: string[] = [];
    const runner = new SplitterRunner({
      splitter, common: instance.common as never, maxRecordSize,
      onRecord: (r) => records.push(latin1(r.bytes)),
      onProblem: (p) => problems.push(p.message),
    });
    for (const unit of units) {
      runner.push(bytes(unit));
      runner.endUnit();
    }
    return { records, problems, stats: runner.stats };
  };

  it('drops and counts what is left of a unit, and starts the next one clean', () => {
    const result = run('type = "TokenSplitter"', ['a\nb', 'c\n']);
    expect(result.records).toEqual(['a\n', 'c\n']);
    expect(result.stats.dropped.incomplete).toBe(1);
    expect(result.problems).toEqual(['a datagram ended inside a record; 1 bytes were not delivered (set deliver_incomplete_final = true on the splitter to deliver them)']);
  });

  it('delivers what is left with deliver_incomplete_final', () => {
    expect(run('type = "TokenSplitter"\ndeliver_incomplete_final = true', ['a\nb', 'c\n']).records).toEqual(['a\n', 'b', 'c\n']);
  });
});
