import { compileGoRegexp, definePlugin, f, translateGoRegexp } from '@heka/core';
import { NO_RECORD, type FoundRecord, type Splitter } from '../../pipeline/contracts.js';
import { byteOffset, decodeByteText, textIndex, type ByteText } from './byte-text.js';

// Assertions that look at the text around the search start: with them the text is decoded from
// each search start, as Go matches on the unconsumed slice.
const CONTEXT_SENSITIVE = /\^|\\[bBA]/;

/**
 * Records end where the delimiter matches. Without a capture group the delimiter is dropped;
 * with one, delimiter_eol keeps the record through the end of the capture, or leaves the capture
 * (and what follows it in the match) to start the next record.
 */
export class RegexSplitterInstance implements Splitter {
  private readonly found: FoundRecord = { consumed: 0, recordStart: NO_RECORD, recordEnd: NO_RECORD };
  private readonly re: RegExp;
  private readonly reuseText: boolean;
  // With delimiter_eol = false the next record starts with the last capture, which must not match again.
  private carried = 0;
  // The last decoded text: bytes the runner showed us never change, so it serves later calls.
  private cacheBuf: Uint8Array | undefined;
  private cacheEnd = 0;
  private cache: ByteText | undefined;

  constructor(delimiter: string, private readonly eol: boolean) {
    this.re = compileGoRegexp(delimiter, 'gd');
    this.reuseText = !CONTEXT_SENSITIVE.test(delimiter);
  }

  reset(): void {
    this.carried = 0;
  }

  findRecord(buf: Uint8Array, start: number, end: number): FoundRecord {
    const found = this.found;
    found.recordStart = found.recordEnd = NO_RECORD;
    found.consumed = 0;
    const from = start + this.carried;
    const match = this.search(buf, from, end);
    if (match === undefined) return found;
    const [matchStart, matchEnd, captureStart, captureEnd] = match;
    found.recordStart = start;
    if (captureStart < 0) {
      found.recordEnd = matchStart;
      found.consumed = matchEnd - start;
    } else if (this.eol) {
      found.recordEnd = captureEnd;
      found.consumed = matchEnd - start;
    } else {
      found.recordEnd = matchStart;
      found.consumed = captureStart - start;
      this.carried = captureEnd - captureStart;
    }
    return found;
  }

  /** Byte positions [matchStart, matchEnd, captureStart, captureEnd] (capture -1 when none) of the first non-empty match. */
  private search(buf: Uint8Array, from: number, end: number): [number, number, number, number] | undefined {
    if (from >= end) return undefined;
    const t = this.textFor(buf, from, end);
    const re = this.re;
    re.lastIndex = textIndex(t, from);
    for (;;) {
      const m = re.exec(t.text);
      if (m === null) return undefined;
      // An empty match would never consume anything (Heka then stalls): look further.
      if (m[0].length === 0) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const at = m.indices![0]!;
      const group = m.indices![1];
      const matchStart = byteOffset(t, at[0]);
      const matchEnd = byteOffset(t, at[1]);
      if (group === undefined) return [matchStart, matchEnd, -1, -1];
      return [matchStart, matchEnd, byteOffset(t, group[0]), byteOffset(t, group[1])];
    }
  }

  private textFor(buf: Uint8Array, from: number, end: number): ByteText {
    const c = this.cache;
    if (c !== undefined && this.cacheBuf === buf && this.cacheEnd === end && (this.reuseText ? c.from <= from : c.from === from)) return c;
    this.cacheBuf = buf;
    this.cacheEnd = end;
    return (this.cache = decodeByteText(buf, from, end));
  }
}

export const RegexSplitter = definePlugin({
  type: 'RegexSplitter',
  family: 'splitter',
  summary: 'Cuts a stream where a regular expression matches; the delimiter is dropped or, if captured, kept with a record.',
  example: `
[slow_query_splitter]
type = "RegexSplitter"
delimiter = '\\n(# User@Host:)'
delimiter_eol = false
`,
  config: {
    delimiter: f.regexp({
      default: '\n',
      example: '\\n(# User@Host:)',
      doc: 'Regular expression (Go syntax) that separates records. It may have one capture group, whose text is kept.',
      check: (re) => {
        // groupNames[0] stands for the whole match.
        const groups = translateGoRegexp(re).groupNames.length - 1;
        return groups <= 1 ? undefined : { message: `RegexSplitter delimiter may have at most one capture group, found ${groups}`, hint: 'make the others non-capturing with (?:…)' };
      },
    }),
    delimiter_eol: f.bool({ default: true, doc: 'With a capture group: true appends the captured text to the record it ends, false puts it at the start of the next record.' }),
  },
  create: (config) => new RegexSplitterInstance(config.delimiter, config.delimiter_eol),
});
