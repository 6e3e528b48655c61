// Records longer than MAX_RECORD_SIZE (spec §4.4). With [hekad] max_message_size = 1025 the
// maximum record is 1025 + 258 = 1283 bytes.

export const SMALL_LIMITS = '[hekad]\nmax_message_size = 1025\n';
export const MAX = 1283;

export interface OversizeCase {
  readonly name: string;
  readonly section: string;
  readonly input: string;
  /** Records delivered without keep_truncated, then with it (true = truncated). */
  readonly dropped: readonly string[];
  readonly kept: readonly (readonly [string, boolean])[];
  /** Stream offsets of the kept records. */
  readonly keptOffsets: readonly number[];
  readonly tooLarge: number;
}

const line = (c: string, n: number): string => c.repeat(n) + '\n';

export const OVERSIZE_CASES: readonly OversizeCase[] = [
  {
    name: 'token: a record of exactly the maximum fits; one byte more is too large; the rest of it is discarded',
    section: 'type = "TokenSplitter"',
    input: line('a', MAX - 1) + line('b', MAX) + line('c', 3 * MAX) + 'ok\n',
    dropped: [line('a', MAX - 1), 'ok\n'],
    kept: [[line('a', MAX - 1), false], ['b'.repeat(MAX), true], ['c'.repeat(MAX), true], ['ok\n', false]],
    keptOffsets: [MAX, 2 * MAX + 1, 5 * MAX + 2, 5 * MAX + 5],
    tooLarge: 2,
  },
  {
    name: 'regex: a record whose delimiter does not fit is too large, and the record after it is its rest (as in Heka)',
    section: 'type = "RegexSplitter"\ndelimiter = \'--\'',
    input: `${'x'.repeat(MAX - 2)}--${'y'.repeat(MAX - 1)}--z--ok--`,
    dropped: ['x'.repeat(MAX - 2), 'ok'],
    kept: [['x'.repeat(MAX - 2), false], ['y'.repeat(MAX - 1) + '-', true], ['ok', false]],
    keptOffsets: [MAX, 2 * MAX + 4, 2 * MAX + 8],
    tooLarge: 1,
  },
  {
    name: 'regex: a too-large record ending at end of input takes its rest with it',
    section: 'type = "RegexSplitter"\ndeliver_incomplete_final = true',
    input: `a\n${'q'.repeat(MAX + 10)}`,
    dropped: ['a'],
    kept: [['a', false], ['q'.repeat(MAX), true]],
    keptOffsets: [2, MAX + 12],
    tooLarge: 1,
  },
];
