// One Lua sandbox: a wasm instance of the core, driven through its exports. The current message
// goes into wasm memory once per call; everything a script asks of it is answered in C.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { instantiate, type CoreExports } from './wasm-loader.js';
import { SandboxFiles } from './wasm-files.js';
import { DEFAULT_INSTRUCTION_LIMIT, DEFAULT_MEMORY_LIMIT, DEFAULT_OUTPUT_LIMIT, type SandboxUsage } from './limits.js';

export interface SandboxConfig {
  /** The plugin kind, which decides the API (spec plugins §6.2; default filter). Inputs and outputs get io and the real file system. */
  kind?: SandboxKind;
  /** The script's Lua source. */
  source: string | Uint8Array;
  /** Named in error messages ("process_message() <filename>:12: ..."). */
  filename?: string;
  memoryLimit?: number;
  instructionLimit?: number;
  outputLimit?: number;
  /** Directories searched by require() for `<name>.lua`, separated by ";". */
  moduleDirectory?: string;
  /** read_config() values; anything but a scalar reads as nil, as in Heka. */
  config?: Record<string, unknown>;
  /** Logger and Hostname of inject_payload messages. */
  logger?: string;
  hostname?: string;
  /**
   * Decides each injection: 0 accepts it, 1 "exceeded InjectMessage count", 2 "exceeded
   * MaxMsgLoops", 3 "creates a circular reference"; a refusal raises a Lua error in the script.
   */
  admit?: (bytes: Uint8Array, kind: InjectKind) => number;
  /**
   * Takes each admitted injection as it happens instead of listing it in the call's result
   * (whose `injected` is then empty): a decoder keeps its own reused list, no arrays per call.
   */
  take?: (bytes: Uint8Array, kind: InjectKind) => void;
}

export type InjectKind = 'message' | 'payload';
export type SandboxKind = 'input' | 'decoder' | 'filter' | 'encoder' | 'output';

export interface CallResult {
  /** process_message's status: 0 ok, < 0 failed (error says why), > 0 fatal; 1 when terminated. */
  status: number;
  error?: string;
  /** Whole Heka protobuf messages, in injection order (for encoders, inject_payload gives the payload alone). */
  injected: Uint8Array[];
  /** For each injected message: from inject_message or inject_payload. */
  kinds: InjectKind[];
  /** Decoders and encoders: the message as write_message left it, when it changed it. */
  message?: Uint8Array;
}

/** Thrown by create() when the script cannot start (syntax error, error at load, limit hit). */
export class SandboxLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxLoadError';
  }
}

const STATE_TERMINATED = 2;
const KINDS: InjectKind[] = ['message', 'payload'];

/** What each kind lacks of the API (spec plugins §6.2); inputs and outputs get io instead. */
const ABSENT: Record<SandboxKind, readonly string[]> = {
  input: ['read_message', 'read_next_field', 'inject_payload', 'add_to_payload', 'write_message'],
  decoder: [],
  filter: ['write_message'],
  encoder: [],
  output: ['inject_message', 'inject_payload', 'add_to_payload', 'write_message'],
};
const WITH_FILES: ReadonlySet<SandboxKind> = new Set(['input', 'output']);

export class LuaSandbox {
  #ex: CoreExports | undefined;
  #u8: Uint8Array;
  #injected: Uint8Array[] = [];
  #kinds: InjectKind[] = [];
  #terminatedError: string | undefined;
  #admit: SandboxConfig['admit'];
  #take: SandboxConfig['take'];
  #writes: boolean;
  #files: SandboxFiles | undefined;
  /** During processPayload: makes the whole record, should the script read more than the payload. */
  #record: (() => Uint8Array) | undefined;

  private constructor(cfg: SandboxConfig) {
    this.#admit = cfg.admit;
    this.#take = cfg.take;
    this.#writes = cfg.kind === 'decoder' || cfg.kind === 'encoder';
    this.#files = WITH_FILES.has(cfg.kind ?? 'filter') ? new SandboxFiles() : undefined;
    this.#ex = instantiate({
      ...(this.#files ? { files: this.#files } : {}),
      inject: (bytes, kind) => {
        const k = KINDS[kind] ?? 'message';
        const verdict = this.#admit?.(bytes, k) ?? 0;
        if (verdict !== 0) return verdict;
        if (this.#take !== undefined) this.#take(bytes, k);
        else {
          this.#injected.push(bytes);
          this.#kinds.push(k);
        }
        return verdict;
      },
      record: () => this.#record?.(),
      readFile: (path) => {
        try {
          return readFileSync(path);
        } catch {
          return undefined;
        }
      },
    });
    this.#u8 = new Uint8Array(this.#ex.memory.buffer);
  }

  /** Instantiates the core, applies the limits and config, and runs the script once. */
  static create(cfg: SandboxConfig): LuaSandbox {
    const sb = new LuaSandbox(cfg);
    const ex = sb.#ex!;
    const seed = randomBytes(8);
    const rc = ex.hs_create(cfg.memoryLimit ?? DEFAULT_MEMORY_LIMIT, cfg.instructionLimit ?? DEFAULT_INSTRUCTION_LIMIT,
      cfg.outputLimit ?? DEFAULT_OUTPUT_LIMIT, seed.readUInt32LE(0) * 2 ** 20 + (seed[4]! << 12), seed.readUInt32LE(4));
    if (rc !== 0) throw new SandboxLoadError(sb.#errorText());
    const [mp, lg, hn] = [cfg.moduleDirectory ?? '', cfg.logger ?? '', cfg.hostname ?? ''].map((s) => sb.#put(s));
    ex.hs_set_strings(mp![0], mp![1], lg![0], lg![1], hn![0], hn![1]);
    for (const [p] of [mp!, lg!, hn!]) ex.hs_free(p);
    for (const [key, value] of Object.entries(cfg.config ?? {})) sb.#setConfig(key, value);
    if (cfg.kind === 'encoder') ex.hs_payload_only(1);
    if (sb.#files) ex.hs_enable_io();
    for (const name of ABSENT[cfg.kind ?? 'filter']) {
      const [p] = sb.#put(`${name}\0`);
      ex.hs_disable(p);
      ex.hs_free(p);
    }
    const [src, srcLen] = sb.#put(cfg.source);
    const [name] = sb.#put(`@${cfg.filename ?? 'sandbox.lua'}\0`);
    const loaded = ex.hs_load(src, srcLen, name);
    ex.hs_free(src);
    ex.hs_free(name);
    if (loaded !== 0) {
      const err = sb.#errorText();
      sb.destroy();
      throw new SandboxLoadError(err);
    }
    return sb;
  }

  /** Runs process_message() over one Heka protobuf message. */
  processMessage(message: Uint8Array): CallResult {
    const ex = this.#ex;
    if (!ex) return this.#terminated();
    this.#copyIn(message, ex.hs_message_buffer(message.length));
    let status: number;
    try {
      status = ex.hs_process_message(message.length);
    } catch (e) {
      return this.#trapped('process_message', e);
    }
    return this.#processed(status);
  }

  /**
   * Runs process_message() over a record given by its payload: read_message("Payload") reads
   * it, and `record` (the whole record as protobuf) is called only if the script reads anything
   * else, so a decoder that reads the payload alone costs no record encoding.
   */
  processPayload(payload: Uint8Array, record: () => Uint8Array): CallResult {
    const ex = this.#ex;
    if (!ex) return this.#terminated();
    this.#copyIn(payload, ex.hs_payload_buffer(payload.length));
    return this.#processPayload(payload.length, record);
  }

  /** processPayload() with the payload given as data[start, end) (a worker's batch of lines). */
  processPayloadIn(data: Uint8Array, start: number, end: number, record: () => Uint8Array): CallResult {
    const ex = this.#ex;
    if (!ex) return this.#terminated();
    this.#view().set(data.subarray(start, end), ex.hs_payload_buffer(end - start));
    return this.#processPayload(end - start, record);
  }

  /** process_message over the `length` bytes of payload in the core's payload buffer. */
  #processPayload(length: number, record: () => Uint8Array): CallResult {
    this.#record = record;
    let status: number;
    try {
      status = this.#ex!.hs_process_payload(length);
    } catch (e) {
      this.#record = undefined;
      return this.#trapped('process_message', e);
    }
    this.#record = undefined;
    return this.#processed(status);
  }

  /**
   * Copies bytes to `ptr`, a core buffer asked for on every call (fetching a record may move it);
   * the memory view is taken after that request, which may have grown the memory.
   */
  #copyIn(bytes: Uint8Array, ptr: number): void {
    this.#view().set(bytes, ptr);
  }

  #processed(status: number): CallResult {
    const ex = this.#ex!;
    const result = this.#result(status);
    if (this.#writes && this.#ex) {
      const len = ex.hs_message_modified();
      if (len >= 0) {
        const p = ex.hs_message_data();
        result.message = this.#view().slice(p, p + len);
      }
    }
    return result;
  }

  /**
   * Decoders: the record's headers (encoded Type, Logger, Severity, Pid, Hostname) that messages
   * injected from a table take where the table left them out; merged in the core. Set again
   * whenever they change.
   */
  inherit(headers: Uint8Array): void {
    const ex = this.#ex;
    if (!ex) return;
    const p = ex.hs_inherit_buffer(headers.length);
    if (!p) return; // out of memory: the host merges them instead
    this.#view().set(headers, p);
    ex.hs_inherit(headers.length);
  }

  /** Runs timer_event(ns). */
  timerEvent(ns: bigint | number): CallResult {
    const ex = this.#ex;
    if (!ex) return this.#terminated();
    let status: number;
    try {
      status = ex.hs_timer_event(Number(ns));
    } catch (e) {
      return this.#trapped('timer_event', e);
    }
    return this.#result(status);
  }

  /** The script's global data as Lua source (Heka's preserve_data format). */
  preserve(): Uint8Array {
    const ex = this.#ex;
    if (!ex) throw new SandboxLoadError(`preserve_data: the sandbox has stopped (${this.#terminatedError ?? ''})`);
    const len = ex.hs_preserve();
    if (len < 0) throw new SandboxLoadError(this.#errorText());
    const p = ex.hs_scratch();
    return this.#view().slice(p, p + len);
  }

  /** Runs preserved data (from preserve()) after the script loaded; a failure ends the sandbox. */
  restore(data: Uint8Array, filename: string): void {
    const ex = this.#ex;
    if (!ex) throw new SandboxLoadError(`restoring preserved data: the sandbox has stopped`);
    const [src, len] = this.#put(data);
    const [name] = this.#put(`@${filename}\0`);
    const rc = ex.hs_restore(src, len, name);
    ex.hs_free(src);
    ex.hs_free(name);
    if (rc !== 0) {
      const err = this.#errorText();
      this.#terminatedError = err;
      this.destroy();
      throw new SandboxLoadError(err);
    }
  }

  get terminated(): boolean {
    return this.#ex === undefined;
  }

  /** Why the sandbox stopped, once it has. */
  get terminationError(): string | undefined {
    return this.#terminatedError;
  }

  usage(): SandboxUsage {
    const ex = this.#ex;
    const u = (type: number, stat: number) => (ex ? ex.hs_usage(type, stat) : 0);
    return {
      memoryLimit: u(0, 0), memory: u(0, 1), maxMemory: u(0, 2),
      instructionLimit: u(1, 0), instructions: u(1, 1), maxInstructions: u(1, 2),
      outputLimit: u(2, 0), maxOutput: u(2, 2),
    };
  }

  /** Frees the instance; the sandbox answers every later call as terminated. */
  destroy(): void {
    if (!this.#ex) return;
    try {
      this.#ex.hs_destroy();
    } catch {
      // a trapped instance is dropped as it is
    }
    this.#ex = undefined;
    this.#files?.closeAll();
    this.#terminatedError ??= 'sandbox destroyed';
  }

  #result(status: number): CallResult {
    const ex = this.#ex!;
    const result: CallResult = { status, injected: this.#injected, kinds: this.#kinds };
    if (this.#injected.length > 0) {
      this.#injected = [];
      this.#kinds = [];
    }
    if (status !== 0) {
      const error = this.#errorText();
      if (ex.hs_state() === STATE_TERMINATED) {
        this.#terminatedError = error;
        this.destroy();
        result.injected = [];
        result.kinds = [];
      }
      if (error) result.error = error;
    }
    return result;
  }

  #trapped(fn: string, e: unknown): CallResult {
    const reason = e instanceof Error ? e.message : String(e);
    this.#terminatedError = `${fn}() sandbox trapped: ${reason}`;
    this.#ex = undefined; // a trapped instance's state is unknown: never call it again
    this.#files?.closeAll();
    this.#injected = [];
    this.#kinds = [];
    return this.#terminated();
  }

  #terminated(): CallResult {
    return { status: 1, error: this.#terminatedError, injected: [], kinds: [] };
  }

  #view(): Uint8Array {
    // growing the memory detaches the old buffer: a zero length means "view again"
    if (this.#u8.byteLength === 0) this.#u8 = new Uint8Array(this.#ex!.memory.buffer);
    return this.#u8;
  }

  #errorText(): string {
    const ex = this.#ex!;
    const p = ex.hs_error();
    const mem = this.#view();
    let end = p;
    while (mem[end] !== 0) end++;
    return Buffer.from(mem.subarray(p, end)).toString('utf8');
  }

  /** Copies a string or bytes into wasm memory; the caller frees the pointer. */
  #put(s: string | Uint8Array): [number, number] {
    const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
    const p = this.#ex!.hs_alloc(Math.max(bytes.length, 1));
    this.#view().set(bytes, p);
    return [p, bytes.length];
  }

  #setConfig(key: string, value: unknown): void {
    const ex = this.#ex!;
    const [k, kl] = this.#put(key);
    if (typeof value === 'string') {
      const [v, vl] = this.#put(value);
      ex.hs_config(k, kl, 0, v, vl, 0);
      ex.hs_free(v);
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      ex.hs_config(k, kl, 3, 0, 0, Number(value));
    } else if (typeof value === 'boolean') {
      ex.hs_config(k, kl, 4, 0, 0, value ? 1 : 0);
    }
    ex.hs_free(k);
  }
}
