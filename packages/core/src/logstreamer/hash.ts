// The position hash: SHA-1 of the 500 bytes before a seek offset, zero-padded on the left when
// fewer bytes precede it. Also reading those bytes back from a file, plain or gzip.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { nodeZlib } from '../node/lazy-builtins.js';

export const HASH_WINDOW = 500;
const ZEROS = Buffer.alloc(HASH_WINDOW);

/** Lowercase hex SHA-1 of `window` (at most 500 bytes), left-padded with zero bytes to 500. */
export function windowHash(window: Uint8Array): string {
  if (window.length > HASH_WINDOW) throw new RangeError(`windowHash: ${window.length} bytes given, at most ${HASH_WINDOW} expected`);
  const h = createHash('sha1');
  if (window.length < HASH_WINDOW) h.update(ZEROS.subarray(0, HASH_WINDOW - window.length));
  return h.update(window).digest('hex');
}

/** True when the file starts with the gzip magic bytes 1f 8b. */
export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, 'r').catch(() => undefined);
  if (!fh) return false;
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await fh.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/**
 * The min(500, seek) bytes before `seek` in the file's content (decompressed for gzip), or
 * undefined when the content is shorter than `seek`. File errors (ENOENT, EACCES) are thrown.
 */
export async function readWindowBefore(path: string, seek: number): Promise<Buffer | undefined> {
  const start = Math.max(0, seek - HASH_WINDOW);
  const length = seek - start;
  if (await isGzipFile(path)) return gunzipRange(path, start, length);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    let got = 0;
    while (got < length) {
      const { bytesRead } = await fh.read(buf, got, length - got, start + got);
      if (bytesRead === 0) return undefined;
      got += bytesRead;
    }
    return buf;
  } finally {
    await fh.close();
  }
}

/** Decompresses a gzip file up to start + length and returns that range (undefined if shorter or corrupt). */
async function gunzipRange(path: string, start: number, length: number): Promise<Buffer | undefined> {
  const fh = await open(path, 'r');
  const input = fh.createReadStream({ autoClose: false });
  const gunzip = nodeZlib().createGunzip();
  input.pipe(gunzip);
  const parts: Buffer[] = [];
  let position = 0;
  let got = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      const from = Math.max(0, start - position);
      const to = Math.min(chunk.length, start + length - position);
      if (to > from) {
        parts.push(chunk.subarray(from, to));
        got += to - from;
      }
      position += chunk.length;
      if (got >= length) break;
    }
  } catch {
    return undefined;
  } finally {
    input.destroy();
    gunzip.destroy();
    await fh.close();
  }
  return got === length ? Buffer.concat(parts, length) : undefined;
}

/** True when the content before `seek` in the file hashes to `hash` (seek 0 always matches). */
export async function matchesAt(path: string, seek: number, hash: string): Promise<boolean> {
  if (seek === 0) return true;
  const window = await readWindowBefore(path, seek);
  return window !== undefined && windowHash(window) === hash;
}
