// What each splitter makes of a stream (spec §4.4, plugins §4). Bytes are written as latin1
// strings (one character per byte); u() spells UTF-8 text that way. Every case must give the
// same records however the stream is cut into chunks.

export interface SplitCase {
  readonly name: string;
  /** The splitter section's TOML body. */
  readonly section: string;
  readonly input: string;
  readonly records: readonly string[];
  /** Stream offset after each record. */
  readonly offsets: readonly number[];
  /** What deliver_incomplete_final adds at the end (none: nothing is left over). */
  readonly final?: string;
}

/** UTF-8 bytes of `text`, one latin1 character per byte. */
export const u = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');

export const SPLIT_CASES: readonly SplitCase[] = [
  // TokenSplitter
  { name: 'token: lines keep their newline', section: 'type = "TokenSplitter"', input: 'a\nbb\nccc\n', records: ['a\n', 'bb\n', 'ccc\n'], offsets: [2, 5, 9] },
  { name: 'token: empty lines are records', section: 'type = "TokenSplitter"', input: '\n\na\n', records: ['\n', '\n', 'a\n'], offsets: [1, 2, 4] },
  { name: 'token: an unfinished last line waits', section: 'type = "TokenSplitter"', input: 'a\nbc', records: ['a\n'], offsets: [2], final: 'bc' },
  { name: 'token: another delimiter', section: 'type = "TokenSplitter"\ndelimiter = "|"', input: 'x|y\n|z', records: ['x|', 'y\n|'], offsets: [2, 5], final: 'z' },
  { name: 'token: count 2', section: 'type = "TokenSplitter"\ncount = 2', input: '1\n2\n3\n\n5\n', records: ['1\n2\n', '3\n\n'], offsets: [4, 7], final: '5\n' },
  { name: 'token: count 0 is 1', section: 'type = "TokenSplitter"\ncount = 0', input: 'a\nb\n', records: ['a\n', 'b\n'], offsets: [2, 4] },
  { name: 'token: bytes pass untouched', section: 'type = "TokenSplitter"', input: '\xff\x00\xc3\n\x1e\x1f\n', records: ['\xff\x00\xc3\n', '\x1e\x1f\n'], offsets: [4, 7] },
  // RegexSplitter
  { name: 'regex: the default newline is dropped, empty records are not delivered', section: 'type = "RegexSplitter"', input: 'a\n\nb\nc', records: ['a', 'b'], offsets: [2, 5], final: 'c' },
  { name: 'regex: two-byte delimiter', section: 'type = "RegexSplitter"\ndelimiter = \'\\r\\n\'', input: 'one\r\ntwo\rthree\r\n\n', records: ['one', 'two\rthree'], offsets: [5, 16], final: '\n' },
  { name: 'regex: long delimiter', section: 'type = "RegexSplitter"\ndelimiter = \'--END--\\n\'', input: 'a--END--\nb-END--\n--END--\n', records: ['a', 'b-END--\n'], offsets: [9, 25] },
  { name: 'regex: a capture with delimiter_eol keeps the record through the capture', section: 'type = "RegexSplitter"\ndelimiter = \'END(;)\\n\'', input: 'aEND;\nbEND;\nc', records: ['aEND;', 'bEND;'], offsets: [6, 12], final: 'c' },
  { name: 'regex: a captured newline stays at the end', section: 'type = "RegexSplitter"\ndelimiter = \'(\\n)\'', input: 'a\n\nb\n', records: ['a\n', '\n', 'b\n'], offsets: [2, 3, 5] },
  {
    name: 'regex: delimiter_eol = false starts the next record with the capture',
    section: 'type = "RegexSplitter"\ndelimiter = \'\\n(# User@Host:)\'\ndelimiter_eol = false',
    input: '# User@Host: a\nq1\n# User@Host: b\nq2\n# User@Host: c\n',
    records: ['# User@Host: a\nq1', '# User@Host: b\nq2'],
    offsets: [18, 36],
    final: '# User@Host: c\n',
  },
  { name: 'regex: non-capturing groups drop the delimiter', section: 'type = "RegexSplitter"\ndelimiter = \'(?:;|,)\'', input: 'a;b,c', records: ['a', 'b'], offsets: [2, 4], final: 'c' },
  { name: 'regex: UTF-8 delimiter', section: `type = "RegexSplitter"\ndelimiter = '${'é'}'`, input: u('aébéc'), records: ['a', 'b'], offsets: [3, 6], final: 'c' },
  { name: 'regex: dot matches one UTF-8 character, as in Go', section: 'type = "RegexSplitter"\ndelimiter = \';.;\'', input: u('x;é;y;b;z'), records: ['x', 'y'], offsets: [5, 9], final: 'z' },
  { name: 'regex: a byte that is not UTF-8 reads as U+FFFD', section: 'type = "RegexSplitter"\ndelimiter = \'\\x{FFFD}\'', input: 'a\xffb\xc3c', records: ['a', 'b'], offsets: [2, 4], final: 'c' },
];
