// Bytes as text for a JavaScript RegExp, read the way Go's regexp reads bytes: valid UTF-8
// sequences become their characters and every other byte becomes one U+FFFD. Each UTF-16 index
// maps back to a byte offset, so a match gives byte positions.

const NOT_ASCII = /[^\p{ASCII}]/u;
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (this: Uint8Array, s: number, e: number) => string }).latin1Slice;

export interface ByteText {
  readonly text: string;
  /** Byte offset of each UTF-16 index (length text.length + 1); undefined when every byte is ASCII (offset = from + index). */
  readonly offsets: Uint32Array | undefined;
  readonly from: number;
}

/** Length of the valid UTF-8 sequence at buf[i] (before end), or 0 if it is not one. */
function sequenceLength(buf: Uint8Array, i: number, end: number): number {
  const b = buf[i]!;
  const cont = (k: number): boolean => i + k < end && (buf[i + k]! & 0xc0) === 0x80;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const b1 = buf[i + 1] ?? 0;
    // No overlong forms (E0 80..9F) and no surrogates (ED A0..BF).
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const b1 = buf[i + 1] ?? 0;
    if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function decodeMixed(buf: Uint8Array, from: number, end: number): ByteText {
  const units: number[] = [];
  const offsets: number[] = [];
  for (let i = from; i < end;) {
    const b = buf[i]!;
    if (b < 0x80) {
      units.push(b);
      offsets.push(i++);
      continue;
    }
    const n = sequenceLength(buf, i, end);
    if (n === 0) {
      units.push(0xfffd);
      offsets.push(i++);
      continue;
    }
    let cp = b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) cp = (cp << 6) | (buf[i + k]! & 0x3f);
    if (cp > 0xffff) {
      units.push(0xd800 + ((cp - 0x10000) >> 10), 0xdc00 + ((cp - 0x10000) & 0x3ff));
      offsets.push(i, i);
    } else {
      units.push(cp);
      offsets.push(i);
    }
    i += n;
  }
  offsets.push(end);
  let text = '';
  for (let k = 0; k < units.length; k += 8192) text += String.fromCharCode(...units.slice(k, k + 8192));
  return { text, offsets: Uint32Array.from(offsets), from };
}

export function decodeByteText(buf: Uint8Array, from: number, end: number): ByteText {
  const text = latin1Slice.call(buf, from, end);
  return NOT_ASCII.test(text) ? decodeMixed(buf, from, end) : { text, offsets: undefined, from };
}

/** The byte offset of UTF-16 index `index`. */
export function byteOffset(t: ByteText, index: number): number {
  return t.offsets === undefined ? t.from + index : t.offsets[index]!;
}

/** The UTF-16 index of byte offset `offset` (which must start a character). */
export function textIndex(t: ByteText, offset: number): number {
  if (t.offsets === undefined) return offset - t.from;
  let lo = 0;
  let hi = t.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.offsets[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
