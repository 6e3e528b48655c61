// Heka parsed its configs with the 2014 BurntSushi TOML, whose table names run to the next `.` or
// `]` and so may hold characters a TOML 1.0 bare key may not (`[TCP:5565]`,
// `[TCP:5565.signer.ops_0]`, `[my input]`). This pre-pass quotes such names in headers and keys so a
// TOML 1.0 parser reads them, and skips over strings, comments and multi-line arrays and inline
// tables so it never touches a value. It only ever inserts characters, and records where, so
// parser errors can be mapped back to the user's columns. It never fails: text it does not
// understand is copied unchanged for the parser to report.

export interface LegacyTomlResult {
  /** The text with legacy names quoted. */
  readonly text: string;
  /** For each 1-based line: the 0-based original columns before which one character was inserted. */
  readonly inserted: ReadonlyMap<number, readonly number[]>;
  /** Every `[table]` / `[[table]]` header: its path (names unquoted) and line. */
  readonly headers: readonly { readonly path: readonly string[]; readonly line: number }[];
  /** Every `key = value` outside inline values: full path (table path + key) and line. */
  readonly keys: readonly { readonly path: readonly string[]; readonly line: number }[];
}

interface Segment {
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
  readonly value: string;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function unquote(raw: string): string {
  if (raw.startsWith("'")) return raw.slice(1, -1);
  try {
    return JSON.parse(raw) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

/** End (exclusive) of a one-line string starting at `i`, or -1 when it is not closed on its line. */
function scanQuoted(s: string, i: number): number {
  const q = s[i];
  for (let k = i + 1; k < s.length; k++) {
    const c = s[k];
    if (c === '\n') return -1;
    if (q === '"' && c === '\\') { k++; continue; }
    if (c === q) return k + 1;
  }
  return -1;
}

/** End (exclusive) of a `"""` / `'''` string starting at `i`, or -1. Up to two extra quotes belong to the content. */
function scanMultiline(s: string, i: number): number {
  const q = s[i]!;
  const fence = q.repeat(3);
  for (let k = i + 3; k < s.length; k++) {
    if (q === '"' && s[k] === '\\') { k++; continue; }
    if (s.startsWith(fence, k)) {
      let end = k + 3;
      while (s[end] === q && end - k < 5) end++;
      return end;
    }
  }
  return -1;
}

/** End (exclusive) of any string starting at `i`, or -1. */
function scanString(s: string, i: number): number {
  const q = s[i]!;
  return s.startsWith(q.repeat(3), i) ? scanMultiline(s, i) : scanQuoted(s, i);
}

/** End (exclusive) of an array or inline table starting at `i` (nesting, strings, comments), or -1. */
function scanBracketed(s: string, i: number): number {
  let depth = 0;
  for (let k = i; k < s.length; k++) {
    const c = s[k];
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth === 0) return k + 1;
    } else if (c === '#') {
      const nl = s.indexOf('\n', k);
      if (nl < 0) return -1;
      k = nl;
    } else if (c === '"' || c === "'") {
      const end = scanString(s, k);
      if (end < 0) return -1;
      k = end - 1;
    }
  }
  return -1;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

/**
 * Reads dotted names from `i` up to a terminator (`]` for headers, `=` for keys). Returns the
 * segments and the index of the terminator, or undefined when the text is not a name list.
 */
function scanNames(s: string, i: number, terminator: ']' | '='): { segments: Segment[]; at: number } | undefined {
  const segments: Segment[] = [];
  let j = i;
  for (;;) {
    while (isBlank(s[j])) j++;
    const c = s[j];
    if (c === '"' || c === "'") {
      const end = scanQuoted(s, j);
      if (end < 0) return undefined;
      segments.push({ start: j, end, quoted: true, value: unquote(s.slice(j, end)) });
      j = end;
    } else {
      let k = j;
      while (k < s.length && !'.\n\r'.includes(s[k]!) && s[k] !== terminator && !(terminator === '=' && s[k] === '#')) k++;
      let end = k;
      while (end > j && isBlank(s[end - 1])) end--;
      if (end === j) return undefined;
      segments.push({ start: j, end, quoted: false, value: s.slice(j, end) });
      j = k;
    }
    while (isBlank(s[j])) j++;
    if (s[j] === '.') { j++; continue; }
    if (s[j] === terminator) return { segments, at: j };
    return undefined;
  }
}

export function quoteLegacyNames(s: string): LegacyTomlResult {
  const out: string[] = [];
  const inserted = new Map<number, number[]>();
  const headers: { path: string[]; line: number }[] = [];
  const keys: { path: string[]; line: number }[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let table: string[] = [];

  const copyTo = (j: number): void => {
    for (let k = i; k < j; k++) if (s[k] === '\n') { line++; lineStart = k + 1; }
    out.push(s.slice(i, j));
    i = j;
  };
  const insert = (text: string): void => {
    out.push(text);
    const cols = inserted.get(line) ?? [];
    for (let n = 0; n < text.length; n++) cols.push(i - lineStart);
    inserted.set(line, cols);
  };
  const copyToEol = (): void => {
    const nl = s.indexOf('\n', i);
    copyTo(nl < 0 ? s.length : nl);
  };
  const quoteSegments = (segments: readonly Segment[]): void => {
    for (const seg of segments) {
      if (seg.quoted || BARE_KEY.test(seg.value)) continue;
      copyTo(seg.start);
      const q = seg.value.includes("'") ? '"' : "'";
      insert(q);
      if (q === '"') {
        for (let k = seg.start; k < seg.end; k++) {
          if (s[k] === '"' || s[k] === '\\') { copyTo(k); insert('\\'); }
        }
      }
      copyTo(seg.end);
      insert(q);
    }
  };

  const header = (): void => {
    const isArray = s[i + 1] === '[';
    const names = scanNames(s, i + (isArray ? 2 : 1), ']');
    if (!names || (isArray && s[names.at + 1] !== ']')) { copyToEol(); return; }
    const headerLine = line;
    quoteSegments(names.segments);
    copyTo(names.at + (isArray ? 2 : 1));
    table = names.segments.map((seg) => seg.value);
    headers.push({ path: table, line: headerLine });
  };

  const skipValue = (): void => {
    while (isBlank(s[i])) copyTo(i + 1);
    const c = s[i];
    let end = -1;
    if (c === '"' || c === "'") end = scanString(s, i);
    else if (c === '[' || c === '{') end = scanBracketed(s, i);
    if (end >= 0) copyTo(end);
    copyToEol();
  };

  const keyValue = (): void => {
    const names = scanNames(s, i, '=');
    if (!names) { copyToEol(); return; }
    keys.push({ path: [...table, ...names.segments.map((seg) => seg.value)], line });
    quoteSegments(names.segments);
    copyTo(names.at + 1);
    skipValue();
  };

  while (i < s.length) {
    const c = s[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') copyTo(i + 1);
    else if (c === '#') copyToEol();
    else if (c === '[') header();
    else keyValue();
  }
  return { text: out.join(''), inserted, headers, keys };
}

/** Maps a 1-based column of the quoted text back to the user's column on the same line. */
export function originalColumn(result: LegacyTomlResult, line: number, column: number): number {
  const cols = [...(result.inserted.get(line) ?? [])].sort((a, b) => a - b);
  const target = column - 1;
  let shift = 0;
  for (const [n, col] of cols.entries()) {
    if (col + n < target) shift++;
    else break;
  }
  return target - shift + 1;
}
