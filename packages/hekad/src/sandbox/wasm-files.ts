// The real file system for input and output sandboxes, to which Heka gave Lua's io library and
// more of os (spec plugins §6.3). Lua's own liolib and loslib are compiled into the wasm; their
// libc calls (open, readv, writev, lseek, close, unlink, rename, system) arrive here. Every call
// is synchronous, as the Lua call it serves: a script reading a big file holds hekad meanwhile.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, renameSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { nodeChildProcess } from '@heka/core';

/** WASI errno values, which emscripten's libc uses (strerror knows them). */
const ERRNO: Record<string, number> = {
  EACCES: 2, EAGAIN: 6, EBADF: 8, EBUSY: 10, EEXIST: 20, EINVAL: 28, EIO: 29, EISDIR: 31, ELOOP: 32,
  EMFILE: 33, ENAMETOOLONG: 37, ENOENT: 44, ENOSPC: 51, ENOSYS: 52, ENOTDIR: 54, ENOTEMPTY: 55,
  ENOTTY: 59, EPERM: 63, EROFS: 69, ESPIPE: 70, EXDEV: 75,
};
export const EBADF = ERRNO['EBADF']!;
export const EPERM = ERRNO['EPERM']!;

/** libc's open flags (asm-generic values, as emscripten's musl has them). */
const O_ACCMODE = 3;
const O_CREAT = 0o100;
const O_EXCL = 0o200;
const O_TRUNC = 0o1000;
const O_APPEND = 0o2000;

const SEEK_SET = 0;
const SEEK_CUR = 1;
const SEEK_END = 2;

interface OpenFile {
  readonly fd: number;
  pos: number;
  /** pread/pwrite fail on pipes and character devices: those are read and written in order. */
  seekable: boolean;
}

/** Negative errno for a Node fs error. */
function errno(e: unknown): number {
  const code = (e as NodeJS.ErrnoException).code;
  return -(code !== undefined ? ERRNO[code] ?? ERRNO['EIO']! : ERRNO['EIO']!);
}

export class SandboxFiles {
  /** The sandbox's descriptors (3 and up) to real ones; 0–2 are hekad's own standard streams. */
  readonly #open = new Map<number, OpenFile>();
  #next = 3;

  open(path: string, flags: number, mode: number): number {
    const access = flags & O_ACCMODE;
    let nodeFlags = access === 1 ? constants.O_WRONLY : access === 2 ? constants.O_RDWR : constants.O_RDONLY;
    if (flags & O_CREAT) nodeFlags |= constants.O_CREAT;
    if (flags & O_EXCL) nodeFlags |= constants.O_EXCL;
    if (flags & O_TRUNC) nodeFlags |= constants.O_TRUNC;
    if (flags & O_APPEND) nodeFlags |= constants.O_APPEND;
    try {
      const fd = openSync(path, nodeFlags, mode || 0o666);
      const own = this.#next++;
      this.#open.set(own, { fd, pos: 0, seekable: (flags & O_APPEND) === 0 });
      return own;
    } catch (e) {
      return errno(e);
    }
  }

  /** Fills `buffers` in order; the bytes read, 0 at end of file, or -errno. */
  read(fd: number, buffers: Uint8Array[]): number {
    if (fd === 0) return 0; // hekad's stdin is not the script's: it reads as empty
    const file = this.#open.get(fd);
    if (!file) return -EBADF;
    let total = 0;
    try {
      for (const buf of buffers) {
        const n = this.#io(file, (pos) => readSync(file.fd, buf, 0, buf.length, pos));
        total += n;
        if (n < buf.length) break;
      }
      return total;
    } catch (e) {
      return total > 0 ? total : errno(e);
    }
  }

  write(fd: number, chunks: Uint8Array[]): number {
    if (fd === 1 || fd === 2) {
      const stream = fd === 1 ? process.stdout : process.stderr;
      let n = 0;
      for (const c of chunks) {
        stream.write(Buffer.from(c));
        n += c.length;
      }
      return n;
    }
    const file = this.#open.get(fd);
    if (!file) return -EBADF;
    let total = 0;
    try {
      for (const chunk of chunks) {
        for (let off = 0; off < chunk.length;) off += this.#io(file, (pos) => writeSync(file.fd, chunk, off, chunk.length - off, pos));
        total += chunk.length;
      }
      return total;
    } catch (e) {
      return total > 0 ? total : errno(e);
    }
  }

  /** The new position, or -errno. */
  seek(fd: number, offset: number, whence: number): number {
    const file = this.#open.get(fd);
    if (!file) return fd >= 0 && fd <= 2 ? -ERRNO['ESPIPE']! : -EBADF;
    let base: number;
    try {
      base = whence === SEEK_SET ? 0 : whence === SEEK_CUR ? file.pos : whence === SEEK_END ? fstatSync(file.fd).size : NaN;
    } catch (e) {
      return errno(e);
    }
    const pos = base + offset;
    if (!Number.isFinite(pos) || pos < 0) return -ERRNO['EINVAL']!;
    if (!file.seekable && !(whence === SEEK_CUR && offset === 0)) return -ERRNO['ESPIPE']!;
    file.pos = pos;
    return pos;
  }

  close(fd: number): number {
    const file = this.#open.get(fd);
    if (!file) return fd >= 0 && fd <= 2 ? 0 : -EBADF;
    this.#open.delete(fd);
    try {
      closeSync(file.fd);
      return 0;
    } catch (e) {
      return errno(e);
    }
  }

  unlink(path: string): number { return this.#call(() => unlinkSync(path)); }
  rmdir(path: string): number { return this.#call(() => rmdirSync(path)); }
  rename(from: string, to: string): number { return this.#call(() => renameSync(from, to)); }
  /** lstat, as tmpnam uses it: only whether the name exists. */
  exists(path: string): number { return existsSync(path) ? 0 : -ERRNO['ENOENT']!; }

  /** system(3) for os.execute: the wait status, as Lua 5.1 returns it; without a command, whether a shell exists. */
  system(command: string | undefined): number {
    if (command === undefined) return existsSync('/bin/sh') ? 1 : 0;
    const r = nodeChildProcess().spawnSync('/bin/sh', ['-c', command], { stdio: 'inherit' });
    if (r.error) return -1;
    if (r.signal) return osConstants.signals[r.signal] ?? 1;
    return (r.status ?? 0) << 8;
  }

  /** The environment os.getenv reads. */
  environment(): string[] {
    return Object.entries(process.env).map(([k, v]) => `${k}=${v ?? ''}`);
  }

  /** Closes what the script left open (it stopped, or never called close). */
  closeAll(): void {
    for (const file of this.#open.values()) {
      try {
        closeSync(file.fd);
      } catch {
        // already gone; nothing to release
      }
    }
    this.#open.clear();
  }

  /** One positioned transfer, falling back to in-order I/O where the file cannot seek. */
  #io(file: OpenFile, transfer: (pos: number | null) => number): number {
    let n: number;
    if (file.seekable) {
      try {
        n = transfer(file.pos);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ESPIPE') throw e;
        file.seekable = false;
        n = transfer(null);
      }
    } else {
      n = transfer(null);
    }
    file.pos += n;
    return n;
  }

  #call(action: () => void): number {
    try {
      action();
      return 0;
    } catch (e) {
      return errno(e);
    }
  }
}
