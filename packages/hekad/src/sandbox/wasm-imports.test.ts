// What the wasm may ask of its host. A rebuild that pulls in a new import (a libc function that
// reaches for files or processes) fails here, so that someone decides how the loader answers it.
import { readFileSync } from 'node:fs';
import { WASM_PATH } from './wasm-loader.js';

test('the wasm imports only what the loader answers on purpose', () => {
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(WASM_PATH))).map((i) => `${i.module}.${i.name}`).sort();
  expect(imports).toEqual([
    // files and processes, through Lua's io and os libraries: answered with the real file
    // system for inputs and outputs (wasm-files.ts); for the other kinds those functions are
    // removed and the loader answers ENOSYS (EPERM for open) should anything reach them
    'env.__syscall_dup3', 'env.__syscall_lstat64', 'env.__syscall_rename', 'env.__syscall_rmdir', 'env.__syscall_unlink',
    // longjmp (Lua errors) through the loader's invoke_* wrapper, and i64 results
    'env._emscripten_throw_longjmp', 'env.emscripten_notify_memory_growth', 'env.getTempRet0', 'env.invoke_vii', 'env.setTempRet0',
    'env.system',
    // the host: injected messages, open(2) for io, module files, the record of a payload-only call
    'hs.inject', 'hs.open', 'hs.read_file', 'hs.record',
    // the clock; an empty environment and swallowed writes (the real ones for inputs and outputs); exit traps
    'wasi_snapshot_preview1.clock_time_get', 'wasi_snapshot_preview1.environ_get', 'wasi_snapshot_preview1.environ_sizes_get',
    'wasi_snapshot_preview1.fd_close', 'wasi_snapshot_preview1.fd_read', 'wasi_snapshot_preview1.fd_seek',
    'wasi_snapshot_preview1.fd_write', 'wasi_snapshot_preview1.proc_exit',
  ]);
});
