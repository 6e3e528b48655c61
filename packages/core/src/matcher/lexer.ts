// Heka 0.10's matcher lexer, reproduced rune for rune (spec §2.1). Its quirks are the language:
// - one rune of look-ahead, and `pos` counts UTF-8 bytes consumed, look-ahead included: error
//   positions depend on it;
// - a newline (or NUL) reads as end of input, except right after a backslash inside a string or
//   regex, where the lexer keeps reading the next line;
// - a lexical failure (unknown identifier, bad Fields[...], unterminated string or regex, invalid
//   regex) returns end of input, not an error;
// - a lone `=`, `!`, `|` or `&` yields the *next* rune as the token (so `TRUE =(FALSE)` parses).
import { translateGoRegexp } from '../regex/go-regexp.js';
import type { RegexLiteral, NumericVariable, StringVariable } from './ast.js';

export type Token =
  | { readonly kind: 'eof' | 'illegal' | '(' | ')' | '&&' | '||' | 'TRUE' | 'FALSE' | 'NIL' }
  | { readonly kind: '==' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~' }
  | { readonly kind: 'stringVar'; readonly name: StringVariable }
  | { readonly kind: 'numericVar'; readonly name: NumericVariable }
  | { readonly kind: 'field'; readonly name: string; readonly fieldIndex: number; readonly arrayIndex: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'regex'; readonly regex: RegexLiteral };

/** Why the lexer stopped early: the rest of the expression is ignored (quirk Q4). */
export interface Truncation {
  readonly reason: string;
  /** UTF-16 index where the ignored text starts. */
  readonly index: number;
}

const EOF: Token = { kind: 'eof' };
const SPACE = 0x20;
const TAB = 0x09;

const KEYWORDS: ReadonlyMap<string, Token> = new Map<string, Token>([
  ...(['Uuid', 'Type', 'Logger', 'Payload', 'EnvVersion', 'Hostname'] as const).map((name): [string, Token] => [name, { kind: 'stringVar', name }]),
  ...(['Timestamp', 'Severity', 'Pid'] as const).map((name): [string, Token] => [name, { kind: 'numericVar', name }]),
  ['TRUE', { kind: 'TRUE' }],
  ['FALSE', { kind: 'FALSE' }],
  ['NIL', { kind: 'NIL' }],
]);

const isUpper = (c: number): boolean => c >= 0x41 && c <= 0x5a;
const isLetter = (c: number): boolean => isUpper(c) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** Characters a number token runs over: digits . e + - */
const isNumberChar = (c: number): boolean => isDigit(c) || c === 0x2e || c === 0x65 || c === 0x2b || c === 0x2d;
const utf8Length = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** Go's strconv.ParseFloat on the characters a number token can hold; NaN when it refuses. */
function parseGoFloat(text: string): number {
  if (!/^(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/.test(text)) return NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : NaN; // out of range: Go reports ErrRange
}

export class Lexer {
  /** Go's lexPos: UTF-8 bytes consumed, look-ahead included. */
  pos = 0;
  /** Go's sym: text of the last identifier, number, string or regex scanned. */
  sym = '';
  /** Set when the lexer gave up before the end of the text. */
  truncation: Truncation | undefined;
  /** Numbers Heka silently reads as 0 (quirk Q3). */
  readonly badNumbers: string[] = [];

  private index = 0; // UTF-16 index of the next rune
  private peek = SPACE; // the rune read ahead; a space means none
  private tokenStart = 0;

  constructor(private readonly src: string) {}

  /** Next rune; 0 at the end, at a newline and at NUL (all of which end the expression). */
  private rune(): number {
    if (this.index >= this.src.length) return 0;
    const cp = this.src.codePointAt(this.index)!;
    this.index += cp > 0xffff ? 2 : 1;
    this.pos += utf8Length(cp);
    return cp === 0x0a ? 0 : cp;
  }

  private stop(reason: string, index = this.tokenStart): Token {
    this.truncation ??= { reason, index };
    return EOF;
  }

  /** A rune that starts no token: end of input, a parenthesis or an illegal token. */
  private single(c: number): Token {
    if (c === 0) {
      // The real end, or a newline/NUL just consumed with text after it.
      if (this.index < this.src.length) this.stop(this.src[this.index - 1] === '\n' ? 'newline' : 'NUL character', this.index);
      return EOF;
    }
    if (c === 0x28) return { kind: '(' };
    if (c === 0x29) return { kind: ')' };
    return { kind: 'illegal' };
  }

  next(): Token {
    let c = this.peek;
    this.peek = SPACE;
    while (c === SPACE || c === TAB) c = this.rune();
    this.tokenStart = this.index - (c > 0xffff ? 2 : 1);
    if (isUpper(c)) return this.word(c);
    if (isDigit(c) || c === 0x2e) return this.number(c);
    switch (c) {
      case 0x3d /* = */: {
        const d = this.rune();
        return d === 0x3d ? { kind: '==' } : d === 0x7e ? { kind: '=~' } : this.single(d);
      }
      case 0x21 /* ! */: {
        const d = this.rune();
        return d === 0x3d ? { kind: '!=' } : d === 0x7e ? { kind: '!~' } : this.single(d);
      }
      case 0x3e /* > */:
      case 0x3c /* < */: {
        const d = this.rune();
        const gt = c === 0x3e;
        if (d === 0x3d) return { kind: gt ? '>=' : '<=' };
        this.peek = d;
        return { kind: gt ? '>' : '<' };
      }
      case 0x7c /* | */: {
        const d = this.rune();
        return d === 0x7c ? { kind: '||' } : this.single(d);
      }
      case 0x26 /* & */: {
        const d = this.rune();
        return d === 0x26 ? { kind: '&&' } : this.single(d);
      }
      case 0x22 /* " */:
      case 0x27 /* ' */:
        return this.quoted(c);
      case 0x2f /* / */:
        return this.regex();
    }
    return this.single(c);
  }

  private word(first: number): Token {
    let c = first;
    this.sym = '';
    do {
      this.sym += String.fromCharCode(c);
      c = this.rune();
    } while (isLetter(c));
    if (this.sym === 'Fields') return c === 0x5b ? this.fieldRef() : this.stop('Fields must be followed by [name]');
    this.peek = c;
    return KEYWORDS.get(this.sym) ?? this.stop(`unknown variable ${this.sym}`);
  }

  /** `[name]`, then optionally `[fi]` and `[ai]`, right after `Fields` (the first `[` is read). */
  private fieldRef(): Token {
    const parts = ['', '', ''];
    let part = 0;
    for (;;) {
      const c = this.rune();
      if (c === 0) return this.stop('unterminated Fields[...]');
      if (c === 0x5d /* ] */) {
        if (parts[part] === '') return this.stop('empty Fields[] index');
        part++;
        this.peek = this.rune();
        if (this.peek !== 0x5b || part === 3) break;
        this.peek = SPACE;
      } else if (part === 0) {
        parts[0] += String.fromCodePoint(c);
      } else if (isDigit(c)) {
        parts[part] += String.fromCharCode(c);
      } else {
        return this.stop('Fields[] index is not a number');
      }
    }
    const index = (digits: string): number | undefined => {
      if (digits === '') return 0;
      return BigInt(digits) > 0x7fffffffffffffffn ? undefined : Number(digits); // Go's Atoi overflows
    };
    const fieldIndex = index(parts[1]!);
    const arrayIndex = index(parts[2]!);
    if (fieldIndex === undefined || arrayIndex === undefined) return this.stop('Fields[] index out of range');
    return { kind: 'field', name: parts[0]!, fieldIndex, arrayIndex };
  }

  private number(first: number): Token {
    let c = first;
    this.sym = '';
    do {
      this.sym += String.fromCharCode(c);
      c = this.rune();
    } while (isNumberChar(c));
    this.peek = c;
    const value = parseGoFloat(this.sym);
    if (Number.isNaN(value)) this.badNumbers.push(this.sym);
    return { kind: 'number', value: Number.isNaN(value) ? 0 : value, text: this.sym };
  }

  /**
   * The text up to the closing delimiter. `\<delimiter>` yields the delimiter; any other
   * backslash pair is kept as both characters. Undefined when the text is unterminated.
   */
  private delimited(delimiter: number): string | undefined {
    this.sym = '';
    for (;;) {
      const c = this.rune();
      if (c === 0) return undefined;
      if (c === 0x5c /* \ */) {
        const d = this.rune(); // may be 0: Heka then keeps "\<NUL>" and reads on past the newline
        this.sym += d === delimiter ? String.fromCodePoint(d) : `\\${String.fromCodePoint(d)}`;
        continue;
      }
      if (c === delimiter) return this.sym;
      this.sym += String.fromCodePoint(c);
    }
  }

  private quoted(quote: number): Token {
    const value = this.delimited(quote);
    return value === undefined ? this.stop('unterminated string') : { kind: 'string', value };
  }

  private regex(): Token {
    const pattern = this.delimited(0x2f);
    if (pattern === undefined) return this.stop('unterminated regular expression');
    try {
      return { kind: 'regex', regex: { pattern, translation: translateGoRegexp(pattern) } };
    } catch (e) {
      return this.stop(e instanceof Error ? e.message : String(e));
    }
  }
}
