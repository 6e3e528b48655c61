// HMAC signing of framed messages (spec §1.4) and its verification (§1.5).
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FrameHeader } from './framing.js';

/** A `[signer]` table of heka-flood / heka-sbmgr. */
export interface Signer {
  name: string;
  /** "sha1" selects SHA-1; any other value (even "") means MD5, as in Heka. */
  hmacHash: 'md5' | 'sha1' | string;
  key: string;
  version: number;
}

/** The HMAC of the message bytes (never the header), keyed with the key's UTF-8 bytes. */
export function hmacDigest(hash: 'md5' | 'sha1', key: string, messageBytes: Uint8Array): Buffer {
  return createHmac(hash, key).update(messageBytes).digest();
}

export type VerifyResult =
  | { ok: true; signer?: string }
  | { ok: false; reason: 'unknown-signer' | 'bad-hmac'; detail: string };

/**
 * Heka only authenticates records whose header plus framing exceeds 16 bytes; an unsigned header
 * never does, and a header carrying an HMAC always does.
 */
const AUTH_MIN_FRAMED_HEADER = 17;

/**
 * Checks a record's signature as HekaFramingSplitter does. Unsigned records are accepted
 * without a signer; a signed one needs the key `signers.get("<signer>_<version>")` and a
 * matching HMAC (compared in constant time). On success `signer` is the signer's name, which
 * `message_signer` options match. Pass `headerLength` (the byte after 0x1E) to apply Heka's
 * rule that short headers skip authentication.
 */
export function verifyRecord(header: FrameHeader, messageBytes: Uint8Array, signers: ReadonlyMap<string, string>, options: { headerLength?: number } = {}): VerifyResult {
  if (header.hmac === undefined) return { ok: true };
  if (options.headerLength !== undefined && options.headerLength + 3 < AUTH_MIN_FRAMED_HEADER) return { ok: true };
  const keyName = `${header.hmac_signer}_${header.hmac_key_version}`;
  const key = signers.get(keyName);
  if (key === undefined) return { ok: false, reason: 'unknown-signer', detail: `no key for signer ${keyName}` };
  const expected = hmacDigest(header.hmac_hash_function === 1 ? 'sha1' : 'md5', key, messageBytes);
  const given = header.hmac;
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-hmac', detail: `HMAC mismatch for signer ${keyName}` };
  }
  return { ok: true, signer: header.hmac_signer };
}
