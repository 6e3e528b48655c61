// Every splitter over the table of cases, with the stream cut into chunks in every way.
import { SPLIT_CASES } from './splitters.cases.js';
import { chunkings, latin1, split } from './splitter-harness.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'latin1');

describe.each(SPLIT_CASES)('$name', (c) => {
  const input = bytes(c.input);

  it.each(chunkings(input.length).map((chunks) => [chunks.join('+'), chunks] as const))('chunks %s', (_label, chunks) => {
    const plain = split(`${c.section}\ndeliver_incomplete_final = false`, input, chunks);
    expect(plain.records.map((r) => latin1(r.bytes))).toEqual(c.records);
    expect(plain.records.map((r) => r.offset)).toEqual(c.offsets);
    expect(plain.records.every((r) => r.kind === 'payload' && !r.truncated && r.signer === undefined)).toBe(true);
    expect(plain.stats.dropped.incomplete).toBe(c.final === undefined ? 0 : 1);
    expect(plain.position).toBe(c.offsets.at(-1) ?? 0);

    const final = split(`${c.section}\ndeliver_incomplete_final = true`, input, chunks);
    expect(final.records.map((r) => latin1(r.bytes))).toEqual(c.final === undefined ? c.records : [...c.records, c.final]);
    expect(final.position).toBe(c.final === undefined ? plain.position : input.length);
    expect(final.problems).toEqual(plain.problems.filter((p) => p.kind !== 'record-dropped'));
  });
});

describe('NullSplitter', () => {
  it('makes each push one record, whatever it holds', () => {
    const input = bytes('ab\ncd\x1e\n');
    const result = split('type = "NullSplitter"', input, [3, 1, 4]);
    expect(result.records.map((r) => latin1(r.bytes))).toEqual(['ab\n', 'c', 'd\x1e\n']);
    expect(result.records.map((r) => r.offset)).toEqual([3, 4, 7]);
  });

  it('hands out views of the pushed chunk, not copies', () => {
    const input = bytes('hello');
    const [record] = split('type = "NullSplitter"', input).records;
    expect(record?.bytes.buffer).toBe(input.buffer);
    expect(record?.bytes.constructor).toBe(Uint8Array);
  });
});

describe('use_message_bytes', () => {
  it('marks records as message bytes for a decoder', () => {
    const result = split('type = "TokenSplitter"\nuse_message_bytes = true', bytes('a\n'));
    expect(result.records[0]?.kind).toBe('message');
  });
});

describe('RegexSplitter', () => {
  it('refuses more than one capture group at load', () => {
    expect(() => split('type = "RegexSplitter"\ndelimiter = \'(a)(b)\'', bytes(''))).toThrow('at most one capture group, found 2');
  });

  it('never stops on a delimiter that can match nothing', () => {
    const result = split('type = "RegexSplitter"\ndelimiter = \';*\'', bytes('a;;b;c'));
    expect(result.records.map((r) => latin1(r.bytes))).toEqual(['a', 'b']);
  });

  it('finds delimiters in a long stream of records in one chunk', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i} ${u8(i)}`);
    const result = split('type = "RegexSplitter"\ndelimiter = \'\\r\\n\'', Buffer.from(lines.join('\r\n') + '\r\n'));
    expect(result.records.map((r) => Buffer.from(r.bytes).toString())).toEqual(lines);
  });
});

const u8 = (i: number): string => (i % 3 === 0 ? 'é€😀' : 'ascii');
