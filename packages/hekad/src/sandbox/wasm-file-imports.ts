// The libc calls behind Lua's io and os, for sandboxes given the real file system (wasm-files.ts):
// arguments are read out of wasm memory and results written back in the layouts WASI and
// emscripten's syscalls use.
import type { SandboxFiles } from './wasm-files.js';

type Imports = Record<string, Record<string, (...a: never[]) => unknown>>;

export function fileImports(files: SandboxFiles, memory: () => WebAssembly.Memory): Imports {
  const view = () => new DataView(memory().buffer);
  const cString = (ptr: number): string => {
    const mem = new Uint8Array(memory().buffer);
    let end = ptr;
    while (mem[end] !== 0) end++;
    return Buffer.from(mem.subarray(ptr, end)).toString('utf8');
  };
  // an iovec array: { u32 buf, u32 len } × count
  const iovecs = (iov: number, count: number): Uint8Array[] => {
    const v = view();
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) out.push(new Uint8Array(memory().buffer, v.getUint32(iov + 8 * i, true), v.getUint32(iov + 8 * i + 4, true)));
    return out;
  };
  // WASI calls return an errno (0 ok) and write their result through a pointer
  const wasi = (result: number, out: number, write: (v: DataView, at: number, n: number) => void): number => {
    if (result < 0) return -result;
    write(view(), out, result);
    return 0;
  };
  const u32 = (v: DataView, at: number, n: number) => v.setUint32(at, n, true);
  const environment = files.environment().map((e) => Buffer.from(`${e}\0`));
  return {
    wasi_snapshot_preview1: {
      fd_read: (fd: number, iov: number, count: number, out: number) => wasi(files.read(fd, iovecs(iov, count)), out, u32),
      fd_write: (fd: number, iov: number, count: number, out: number) => wasi(files.write(fd, iovecs(iov, count)), out, u32),
      fd_seek: (fd: number, offset: bigint, whence: number, out: number) =>
        wasi(files.seek(fd, Number(offset), whence), out, (v, at, n) => v.setBigUint64(at, BigInt(n), true)),
      fd_close: (fd: number) => -Math.min(files.close(fd), 0),
      environ_sizes_get: (count: number, size: number) => {
        const v = view();
        v.setUint32(count, environment.length, true);
        v.setUint32(size, environment.reduce((n, e) => n + e.length, 0), true);
        return 0;
      },
      environ_get: (pointers: number, buf: number) => {
        const mem = new Uint8Array(memory().buffer);
        const v = view();
        environment.forEach((e, i) => {
          v.setUint32(pointers + 4 * i, buf, true);
          mem.set(e, buf);
          buf += e.length;
        });
        return 0;
      },
    },
    env: {
      __syscall_unlink: (path: number) => files.unlink(cString(path)),
      __syscall_rmdir: (path: number) => files.rmdir(cString(path)),
      __syscall_rename: (from: number, to: number) => files.rename(cString(from), cString(to)),
      __syscall_lstat64: (path: number) => files.exists(cString(path)),
      system: (command: number) => files.system(command === 0 ? undefined : cString(command)),
    },
  };
}
