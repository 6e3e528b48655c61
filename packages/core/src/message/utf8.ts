// UTF-8 helpers. Bytes read from a file or the wire stay bytes unless they are valid UTF-8, in
// which case the decoded string re-encodes to exactly the same bytes.
import { isUtf8 } from 'node:buffer';

const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

// Node's native slicers work on any Uint8Array and skip TextDecoder's per-call overhead.
type Slicer = (this: Uint8Array, start: number, end: number) => string;
const nativeBuffer = Buffer.prototype as unknown as { latin1Slice: Slicer; utf8Slice: Slicer };
const latin1Slice = nativeBuffer.latin1Slice;
const utf8Slice = nativeBuffer.utf8Slice;

/**
 * Text as stored by the message model: a JS string, or raw bytes. Raw bytes are kept when they
 * are not valid UTF-8 (so they are written back unchanged); header fields of a decoded message
 * also hold raw bytes until first read as a string.
 */
export type Text = string | Uint8Array;

/** Native validation and decoding (SIMD): the way for non-ASCII and long texts. */
function nativeText(buf: Uint8Array, start: number, end: number): Text {
  const view = buf.subarray(start, end);
  return isUtf8(view) ? utf8Slice.call(buf, start, end) : view;
}

const fromCharCode = String.fromCharCode;

/** ASCII of up to 8 bytes in one string allocation (a native call costs more than this). */
function shortText(b: Uint8Array, s: number, e: number): Text {
  let all = 0;
  for (let i = s; i < e; i++) all |= b[i]!;
  if (all > 0x7f) return nativeText(b, s, e);
  switch (e - s) {
    case 0: return '';
    case 1: return fromCharCode(b[s]!);
    case 2: return fromCharCode(b[s]!, b[s + 1]!);
    case 3: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    default: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
  }
}

// Field names, representations and many values repeat from message to message: medium-length
// ASCII texts are looked up by a hash of their bytes before a string is made.
const INTERN_MAX = 32;
const INTERN_BITS = 12;
const interned: string[] = new Array<string>(1 << INTERN_BITS).fill('');

function internedText(b: Uint8Array, s: number, e: number): Text {
  const n = e - s;
  let all = 0;
  let h = n;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    all |= c;
    h = Math.imul(h ^ c, 0x01000193);
  }
  if (all > 0x7f) return nativeText(b, s, e);
  const slot = h >>> (32 - INTERN_BITS);
  const known = interned[slot]!;
  if (known.length === n) {
    let i = 0;
    while (i < n && known.charCodeAt(i) === b[s + i]) i++;
    if (i === n) return known;
  }
  return (interned[slot] = latin1Slice.call(b, s, e));
}

/**
 * The text of `buf[start, end)`: a string when the bytes are valid UTF-8, otherwise a view of
 * the bytes (not a copy). ASCII, by far the common case, takes fast paths.
 */
export function textFromRange(buf: Uint8Array, start: number, end: number): Text {
  const n = end - start;
  if (n <= 8) return shortText(buf, start, end);
  if (n <= INTERN_MAX) return internedText(buf, start, end);
  return nativeText(buf, start, end);
}

/** Decodes bytes to a string when that loses nothing; returns the bytes themselves otherwise. */
export function textFromBytes(bytes: Uint8Array): Text {
  const text = textFromRange(bytes, 0, bytes.length);
  return typeof text === 'string' ? text : bytes;
}

/** The string form of a Text; invalid UTF-8 sequences become U+FFFD. */
export function textToString(text: Text): string {
  return typeof text === 'string' ? text : lossy.decode(text);
}

/** The exact bytes of a Text. */
export function textToBytes(text: Text): Uint8Array {
  return typeof text === 'string' ? encoder.encode(text) : text;
}

/** Byte length of a Text once UTF-8 encoded (lone surrogates count as U+FFFD, as encoders write them). */
export function textByteLength(text: Text): number {
  if (typeof text !== 'string') return text.length;
  const n = text.length;
  if (n > 32) return Buffer.byteLength(text, 'utf8');
  for (let i = 0; i < n; i++) if (text.charCodeAt(i) > 0x7f) return Buffer.byteLength(text, 'utf8');
  return n;
}

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

export function utf8DecodeLossy(bytes: Uint8Array): string {
  return lossy.decode(bytes);
}
