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

// Below this length a JS loop beats a native call.
const SHORT_TEXT = 8;

function nonAsciiText(buf: Uint8Array, start: number, end: number): Text {
  const view = buf.subarray(start, end);
  return isUtf8(view) ? utf8Slice.call(buf, start, end) : view;
}

/**
 * The text of `buf[start, end)`: a string when the bytes are valid UTF-8, otherwise a view of
 * the bytes (not a copy). ASCII, by far the common case, takes a fast path.
 */
export function textFromRange(buf: Uint8Array, start: number, end: number): Text {
  if (end - start <= SHORT_TEXT) {
    let s = '';
    for (let i = start; i < end; i++) {
      const c = buf[i]!;
      if (c > 0x7f) return nonAsciiText(buf, start, end);
      s += String.fromCharCode(c);
    }
    return s;
  }
  for (let i = start; i < end; i++) if (buf[i]! > 0x7f) return nonAsciiText(buf, start, end);
  return latin1Slice.call(buf, start, end);
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
