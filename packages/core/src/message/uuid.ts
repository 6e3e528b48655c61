import { randomFillSync } from 'node:crypto';

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// Random bytes are drawn in blocks: one crypto call per 256 uuids instead of one per message.
// Each uuid is a view of its block (a fresh block each time, never refilled): a view costs far
// less than a 16-byte copy with its own ArrayBuffer, and the block is freed with its last uuid.
const POOL_UUIDS = 256;
let pool = new Uint8Array(0);
let poolOffset = 0;

/** A new random (version 4, RFC 4122 variant) uuid as 16 bytes. */
export function newUuid(): Uint8Array {
  if (poolOffset >= pool.length) {
    pool = randomFillSync(new Uint8Array(16 * POOL_UUIDS));
    poolOffset = 0;
  }
  const uuid = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  uuid[6] = (uuid[6]! & 0x0f) | 0x40;
  uuid[8] = (uuid[8]! & 0x3f) | 0x80;
  return uuid;
}

/** Heka's string form: lowercase 8-4-4-4-12 hex, or "" when the uuid is not exactly 16 bytes. */
export function uuidToString(uuid: Uint8Array): string {
  if (uuid.length !== 16) return '';
  let s = '';
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-';
    s += HEX[uuid[i]!];
  }
  return s;
}

/** Parses the 8-4-4-4-12 form (or 32 bare hex digits); undefined when malformed. */
export function uuidFromString(s: string): Uint8Array | undefined {
  const hex = s.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) return undefined;
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
