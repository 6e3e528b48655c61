// UTF-8 helpers. Bytes read from a file or the wire are kept as bytes unless they are valid
// UTF-8, in which case the decoded string re-encodes to exactly the same bytes.

const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

/** Text stored either as a JS string or as raw bytes that are not valid UTF-8. */
export type Text = string | Uint8Array;

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false;
  return true;
}

/**
 * Decodes bytes to a string when that loses nothing; returns the bytes themselves otherwise.
 * Short ASCII (the common case) avoids TextDecoder's call overhead.
 */
export function textFromBytes(bytes: Uint8Array): Text {
  if (bytes.length < 64 && isAscii(bytes)) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  try {
    return strict.decode(bytes);
  } catch {
    return bytes;
  }
}

/** The string form of a Text; invalid UTF-8 sequences become U+FFFD. */
export function textToString(text: Text): string {
  return typeof text === 'string' ? text : lossy.decode(text);
}

/** The exact bytes of a Text. */
export function textToBytes(text: Text): Uint8Array {
  return typeof text === 'string' ? encoder.encode(text) : text;
}

export function utf8Encode(s: string): Uint8Array {
  return encoder.encode(s);
}

export function utf8DecodeLossy(bytes: Uint8Array): string {
  return lossy.decode(bytes);
}
