// JSON as Go's encoding/json writes it, for heka-cat's json format: Go escapes <, > and & and
// U+2028/2029, writes other control characters as \\u00XX (only \\n \\r \\t short), and replaces
// invalid UTF-8 with U+FFFD.
import { textToString, type Text } from '@heka/core';

const HEX = '0123456789abcdef';

export function goJsonString(text: Text): string {
  const s = textToString(text);
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += '\\u' + HEX[(c >> 12) & 15] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate cannot come from decoded UTF-8, but a JS string can hold one.
      const pair = c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      if (pair) { out += s[i]! + s[i + 1]!; i++; } else out += '\ufffd';
    } else out += s[i];
  }
  return out + '"';
}

export function goJsonBase64(bytes: Uint8Array): string {
  return '"' + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') + '"';
}

/**
 * A float64 as encoding/json writes it. JS's shortest round-trip form and its switch to exponent
 * notation at 1e21 / 1e-7 agree with Go's; NaN and ±Inf make Go's Marshal fail (undefined here).
 */
export function goJsonNumber(v: number): string | undefined {
  if (!Number.isFinite(v)) return undefined;
  return Object.is(v, -0) ? '-0' : String(v);
}
