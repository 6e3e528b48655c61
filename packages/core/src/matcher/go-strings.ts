// Go compares strings byte by byte (UTF-8). JavaScript compares UTF-16 code units, which agrees
// except that astral characters (surrogate pairs) sort below U+E000–U+FFFF. These helpers give
// Go's order for strings, and for raw bytes (BYTES fields, or STRING values that are not UTF-8).

/** True when native `<` on (anything, literal) gives Go's answer: the literal has no unit ≥ U+D800. */
export function nativeOrderIsExact(literal: string): boolean {
  return !/[\uD800-\uFFFF]/.test(literal);
}

/** Negative, zero or positive, in code point order (= UTF-8 byte order). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate starts an astral character: it sorts after every BMP unit.
    if (x >= 0xd800 && x <= 0xdfff) x += 0x10000;
    if (y >= 0xd800 && y <= 0xdfff) y += 0x10000;
    return x - y;
  }
  return a.length - b.length;
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
