// An open log file to read from at an offset: plain files by positional reads (the handle keeps
// following the file if it is renamed), gzip files through zlib, seeking by decompress-and-discard.
import { open, type FileHandle } from 'node:fs/promises';
import { read as readCallback, type Stats } from 'node:fs';
import type { Gunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { nodeZlib } from '../node/lazy-builtins.js';
import { HASH_WINDOW } from './hash.js';

export interface ByteSource {
  readonly path: string;
  readonly gzip: boolean;
  /** Up to `max` bytes; an empty buffer at the end of the content (for now). */
  read(max: number): Promise<Buffer>;
  /** fstat of the open handle (the compressed file for gzip). */
  stat(): Promise<Stats>;
  close(): Promise<void>;
}

/** Thrown when a gzip file is corrupt or ends early; the content before it has been read. */
export class GzipDataError extends Error {
  constructor(readonly path: string, cause: unknown) {
    super(`${path}: gzip data is corrupt or ends early (${(cause as Error).message})`, { cause });
    this.name = 'GzipDataError';
  }
}

/**
 * fs.read with a callback on the handle's descriptor: FileHandle.read costs several times more
 * per call in Node 20 (measured: 200 MB in 64 KiB reads, 600 ms against 160 ms).
 */
function readAt(fd: number, buf: Buffer, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    readCallback(fd, buf, 0, buf.length, position, (err, bytesRead) => (err ? reject(err) : resolve(bytesRead)));
  });
}

/** Reads land in slabs of this size, one after the other: one allocation per slab, not per read. */
const SLAB_SIZE = 1024 * 1024;

class PlainSource implements ByteSource {
  readonly gzip = false;
  private slab: Buffer | undefined;
  private slabUsed = 0;
  constructor(readonly path: string, private readonly fh: FileHandle, private offset: number) {}

  async read(max: number): Promise<Buffer> {
    const buf = this.space(max);
    const bytesRead = await readAt(this.fh.fd, buf, this.offset);
    this.offset += bytesRead;
    if (bytesRead === max) return buf;
    // What the read did not fill is used by the next one (reads of one source never overlap).
    if (buf.buffer === this.slab?.buffer) this.slabUsed -= max - bytesRead;
    return buf.subarray(0, bytesRead);
  }

  /** `size` bytes nobody else uses: the next part of the slab. The bytes returned are never reused. */
  private space(size: number): Buffer {
    if (size > SLAB_SIZE / 4) return Buffer.allocUnsafeSlow(size);
    if (this.slab === undefined || this.slabUsed + size > SLAB_SIZE) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_SIZE);
      this.slabUsed = 0;
    }
    const part = this.slab.subarray(this.slabUsed, this.slabUsed + size);
    this.slabUsed += size;
    return part;
  }

  stat(): Promise<Stats> {
    return this.fh.stat();
  }

  close(): Promise<void> {
    return this.fh.close();
  }
}

class GzipSource implements ByteSource {
  readonly gzip = true;
  private pending: Buffer = Buffer.alloc(0);
  private done = false;
  private readonly input: Readable;
  private readonly gunzip: Gunzip;
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(readonly path: string, private readonly fh: FileHandle) {
    this.input = fh.createReadStream({ autoClose: false, start: 0 });
    this.gunzip = nodeZlib().createGunzip();
    this.input.pipe(this.gunzip);
    this.chunks = (this.gunzip as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  }

  async read(max: number): Promise<Buffer> {
    while (this.pending.length === 0 && !this.done) {
      try {
        const next = await this.chunks.next();
        if (next.done) this.done = true;
        else this.pending = next.value;
      } catch (e) {
        this.done = true;
        throw new GzipDataError(this.path, e);
      }
    }
    const out = this.pending.subarray(0, max);
    this.pending = this.pending.subarray(out.length);
    return out;
  }

  stat(): Promise<Stats> {
    return this.fh.stat();
  }

  async close(): Promise<void> {
    this.input.destroy();
    this.gunzip.destroy();
    await this.fh.close();
  }
}

export interface OpenedSource {
  readonly source: ByteSource;
  /** The min(500, offset) bytes before `offset`, when the content reaches `offset`. */
  readonly window: Buffer | undefined;
}

/** Opens the file positioned at `offset` of its (decompressed) content. File errors are thrown. */
export async function openSource(path: string, offset: number): Promise<OpenedSource> {
  const fh = await open(path, 'r');
  let gzip: GzipSource | undefined;
  try {
    const magic = Buffer.alloc(2);
    const { bytesRead } = await fh.read(magic, 0, 2, 0);
    const start = Math.max(0, offset - HASH_WINDOW);
    if (bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b) {
      const source = new GzipSource(path, fh);
      gzip = source;
      let skipped = 0;
      const parts: Buffer[] = [];
      while (skipped < offset) {
        const part = await source.read(Math.min(1 << 20, offset - skipped));
        if (part.length === 0) break;
        if (skipped + part.length > start) parts.push(part.subarray(Math.max(0, start - skipped)));
        skipped += part.length;
      }
      return { source, window: skipped === offset ? Buffer.concat(parts) : undefined };
    }
    const window = Buffer.alloc(offset - start);
    let got = 0;
    while (got < window.length) {
      const r = await fh.read(window, got, window.length - got, start + got);
      if (r.bytesRead === 0) break;
      got += r.bytesRead;
    }
    return { source: new PlainSource(path, fh, offset), window: got === window.length ? window : undefined };
  } catch (e) {
    await (gzip ?? fh).close().catch(() => undefined);
    throw e;
  }
}
