// Loads heka-lua.wasm without emscripten's JS glue: the module is compiled once, synchronously,
// and each sandbox gets its own instance (its own memory), so a trap ends one sandbox only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocFramed } from './byte-blocks.js';
import { PACKAGE_ROOT } from './package-root.js';
import { EPERM, type SandboxFiles } from './wasm-files.js';
import { fileImports } from './wasm-file-imports.js';

/** The committed build (scripts/build-sandbox-wasm.sh). */
export const WASM_PATH = join(PACKAGE_ROOT, 'src', 'sandbox', 'wasm', 'heka-lua.wasm');

/** The sandbox core's exports (see src/sandbox/c). Pointers and sizes are wasm32 numbers. */
export interface CoreExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  hs_create(memoryLimit: number, instructionLimit: number, outputLimit: number, seedA: number, seedB: number): number;
  hs_set_strings(modulePath: number, modulePathLen: number, logger: number, loggerLen: number, hostname: number, hostnameLen: number): void;
  hs_config(key: number, keyLen: number, type: number, str: number, strLen: number, num: number): void;
  hs_load(src: number, len: number, chunkname: number): number;
  hs_message_buffer(len: number): number;
  hs_process_message(len: number): number;
  hs_timer_event(ns: number): number;
  hs_usage(type: number, stat: number): number;
  hs_error(): number;
  hs_state(): number;
  hs_alloc(n: number): number;
  hs_free(p: number): void;
  hs_destroy(): void;
  hs_preserve(): number;
  hs_scratch(): number;
  hs_restore(src: number, len: number, chunkname: number): number;
  hs_disable(name: number): void;
  hs_message_modified(): number;
  hs_message_data(): number;
  hs_payload_only(on: number): void;
  hs_enable_io(): void;
  hs_payload_buffer(len: number): number;
  hs_process_payload(len: number): number;
  hs_inherit_buffer(len: number): number;
  hs_inherit(len: number): void;
}

/** What the core asks of its host. */
export interface CoreHost {
  /** A message from inject_message (kind 0) or inject_payload (kind 1); returns 0 or a refusal code. */
  inject(bytes: Uint8Array, kind: number): number;
  /** The current record as protobuf, when process_message was given its payload alone and the script reads more. */
  record?(): Uint8Array | undefined;
  /** A module file's bytes, or undefined when it does not exist. */
  readFile(path: string): Uint8Array | undefined;
  /** Inputs and outputs: the real file system behind Lua's io and os (else files are refused). */
  files?: SandboxFiles;
}

let compiled: WebAssembly.Module | undefined;

function module(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(WASM_PATH));
  return compiled;
}

// longjmp (Lua's error()) unwinds through JS: thrown by the core, caught by the invoke_* wrapper
// around the setjmp'ing call, which then tells the core via setThrew.
const LONGJMP = Symbol('longjmp');
// wall-clock ns with hrtime's resolution
const epochBase = BigInt(Date.now()) * 1_000_000n;
const hrBase = process.hrtime.bigint();
const ENOSYS = -52;

export function instantiate(host: CoreHost): CoreExports {
  // eslint-disable-next-line prefer-const -- assigned once the instance exists; the imports close over it
  let ex: CoreExports & { __indirect_function_table: WebAssembly.Table; stackSave(): number; stackRestore(sp: number): void; setThrew(a: number, b: number): void };
  let tempRet = 0;
  const text = (ptr: number, len: number) => Buffer.from(ex.memory.buffer, ptr, len).toString('utf8');
  // A view of the memory, made again only after the memory grew (which detaches the old buffer).
  let mem = new Uint8Array(0);
  const bytes = () => (mem.byteLength === 0 ? (mem = new Uint8Array(ex.memory.buffer)) : mem);
  // Injected messages are copied out into shared blocks (byte-blocks.ts), not an ArrayBuffer each,
  // each behind its stream framing (written out as they are when nothing changes them).
  const copyOut = (ptr: number, len: number): Uint8Array => {
    const out = allocFramed(len);
    out.set(bytes().subarray(ptr, ptr + len));
    return out;
  };
  // The table's functions, looked up once each (the table never changes after instantiation).
  const functions: ((...a: number[]) => number)[] = [];
  const tableFunction = (index: number) =>
    (functions[index] ??= ex.__indirect_function_table.get(index) as (...a: number[]) => number);
  const longjmped = (sp: number, e: unknown): number => {
    ex.stackRestore(sp);
    if (e !== LONGJMP) throw e;
    ex.setThrew(1, 0);
    return 0;
  };
  const invoke = (index: number, ...args: number[]): number | undefined => {
    const sp = ex.stackSave();
    try {
      return tableFunction(index)(...args);
    } catch (e) {
      return longjmped(sp, e);
    }
  };
  // invoke_vii (luaD_rawrunprotected: every pcall, so every process_message) without the rest
  // array and spread call of the general form.
  const invokeVii = (index: number, a: number, b: number): void => {
    const sp = ex.stackSave();
    try {
      tableFunction(index)(a, b);
    } catch (e) {
      longjmped(sp, e);
    }
  };
  const known: Record<string, Record<string, (...a: never[]) => unknown>> = {
    env: {
      getTempRet0: () => tempRet,
      setTempRet0: (v: number) => { tempRet = v; },
      _emscripten_throw_longjmp: () => { throw LONGJMP; },
      emscripten_notify_memory_growth: () => {},
    },
    hs: {
      inject: (ptr: number, len: number, kind: number) => host.inject(copyOut(ptr, len), kind),
      open: (pathPtr: number, pathLen: number, flags: number, mode: number) =>
        host.files ? host.files.open(text(pathPtr, pathLen), flags, mode) : -EPERM,
      record: () => {
        const data = host.record?.();
        if (!data) return -1;
        const p = ex.hs_message_buffer(data.length);
        if (!p) return -1;
        bytes().set(data, p);
        return data.length;
      },
      read_file: (pathPtr: number, pathLen: number, out: number) => {
        const data = host.readFile(text(pathPtr, pathLen));
        if (!data) return -1;
        const p = ex.hs_alloc(Math.max(data.length, 1));
        if (!p) return -1;
        bytes().set(data, p);
        new DataView(ex.memory.buffer).setUint32(out, p, true);
        return data.length;
      },
    },
    wasi_snapshot_preview1: {
      clock_time_get: (_id: number, _precision: bigint, out: number) => {
        new DataView(ex.memory.buffer).setBigUint64(out, process.hrtime.bigint() - hrBase + epochBase, true);
        return 0;
      },
      environ_sizes_get: (count: number, size: number) => {
        const v = new DataView(ex.memory.buffer);
        v.setUint32(count, 0, true);
        v.setUint32(size, 0, true);
        return 0;
      },
      environ_get: () => 0,
      // the core never writes to a file descriptor; swallow anything a library might print
      fd_write: (_fd: number, iov: number, iovcnt: number, written: number) => {
        const v = new DataView(ex.memory.buffer);
        let n = 0;
        for (let i = 0; i < iovcnt; i++) n += v.getUint32(iov + 8 * i + 4, true);
        v.setUint32(written, n, true);
        return 0;
      },
      proc_exit: (code: number) => { throw new WebAssembly.RuntimeError(`sandbox called exit(${code})`); },
    },
  };
  if (host.files) {
    for (const [ns, fns] of Object.entries(fileImports(host.files, () => ex.memory))) Object.assign(known[ns] ??= {}, fns);
  }
  const imports: WebAssembly.Imports = {};
  for (const imp of WebAssembly.Module.imports(module())) {
    const ns = (imports[imp.module] ??= {}) as Record<string, unknown>;
    const fn = known[imp.module]?.[imp.name];
    if (fn) ns[imp.name] = fn;
    else if (imp.name === 'invoke_vii') ns[imp.name] = invokeVii;
    else if (imp.name.startsWith('invoke_')) ns[imp.name] = invoke;
    else ns[imp.name] = () => ENOSYS; // file and process calls: unreachable from Lua, refused anyway
  }
  const instance = new WebAssembly.Instance(module(), imports);
  ex = instance.exports as unknown as typeof ex;
  ex._initialize();
  return ex;
}
