// Reading one logstream: its files oldest→newest as one sequence of bytes, resuming from a
// journal position, following rotation, and hashing any position a caller wants to commit.
import { stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { HekaError } from '../errors/heka-error.js';
import { HASH_WINDOW, isGzipFile, matchesAt, readWindowBefore, windowHash } from './hash.js';
import type { Position } from './journal.js';
import { GzipDataError, openSource, type ByteSource } from './source.js';

/** Bytes read from one file of the stream; `offset` is the (decompressed) offset of bytes[0] in `file`. */
export interface Chunk {
  readonly bytes: Buffer;
  readonly file: string;
  readonly offset: number;
}

/** Why the reader decided the file at its path is no longer the one it was reading. */
export type RotationReason = 'replaced' | 'was-empty' | 'truncated' | 'content-changed' | 'deleted';

/** What the reader did or met; the caller logs or counts these. The reader never prints. */
export type LogstreamEvent =
  | { readonly kind: 'open'; readonly file: string; readonly offset: number; readonly why: 'start' | 'resume' | 'next' | 'reopen' }
  | { readonly kind: 'renamed'; readonly from: string; readonly to: string }
  | { readonly kind: 'rotated'; readonly file: string; readonly reason: RotationReason; readonly next: string | undefined }
  | { readonly kind: 'position-lost'; readonly position: Position; readonly restartAt: string | undefined }
  | { readonly kind: 'error'; readonly file: string; readonly message: string };

/** What the reader needs of a stream: its current file list, oldest first (a Logstream). */
export interface StreamFiles {
  readonly name: string;
  readonly paths: readonly string[];
  /** When the scan that listed `paths` began, performance.now() (see LogstreamReaderOptions.waitForRescan). */
  readonly listedAt?: number;
}

export interface LogstreamReaderOptions {
  /** Where to resume (the journal's position); absent = the start of the oldest file. */
  readonly start?: Position | undefined;
  /** Default size of a read. */
  readonly chunkSize?: number;
  /** Bytes of recently returned chunks kept to hash positions without touching the disk. */
  readonly historyBytes?: number;
  readonly onEvent?: (event: LogstreamEvent) => void;
  /**
   * The stream is rescanned: when the file at the path was replaced and its content is in no
   * listed file, the list may predate the rotation, so keep reading the old file until the next
   * scan and look again, instead of giving the position up (a reader two rotations behind would
   * skip a file).
   */
  readonly waitForRescan?: boolean;
}

interface Current {
  readonly id: number;
  path: string;
  readonly source: ByteSource;
  /** Offset of the next byte to read. */
  offset: number;
  /** The last ≤500 bytes before `offset`. */
  tail: Buffer;
}

interface HistoryEntry {
  readonly id: number;
  path: string;
  readonly offset: number;
  readonly bytes: Buffer;
}

const EMPTY = Buffer.alloc(0);

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | undefined)?.code;
}

function describe(e: unknown): string {
  const code = errno(e);
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (will retry)';
  if (code === 'ENOENT') return 'no such file (will retry)';
  return (e as Error).message;
}

const sameFile = (a: Stats, b: Stats): boolean => a.ino === b.ino && a.dev === b.dev;

/** The file to read after the current one, as it was when the reader chose it. */
interface NextFile {
  readonly path: string;
  /** Its identity then: a rotation before it is opened puts another file at the path. */
  readonly seen: Stats | undefined;
}

export class LogstreamReader {
  private cur: Current | undefined;
  private resumeAt: Position | undefined;
  private priorEOF = false;
  private busy = false;
  private closed = false;
  private nextId = 0;
  private history: HistoryEntry[] = [];
  private historySize = 0;
  private readonly renames = new Map<string, string>();
  private knownOrder: readonly string[] = [];
  private lastError: string | undefined;
  private readonly chunkSize: number;
  private readonly historyBytes: number;
  private readonly onEvent: (event: LogstreamEvent) => void;
  private readonly waitForRescan: boolean;
  /** When (performance.now()) a replaced file's content was first found in no listed file. */
  private unplacedSince: number | undefined;
  /** The file first seen at the current file's path after it was replaced: in a rename scheme, the one that follows it. */
  private replacer: Stats | undefined;

  constructor(
    private readonly stream: StreamFiles,
    options: LogstreamReaderOptions = {},
  ) {
    this.resumeAt = options.start !== undefined && options.start.file !== '' ? options.start : undefined;
    this.chunkSize = options.chunkSize ?? 64 * 1024;
    this.historyBytes = options.historyBytes ?? 8 * 1024 * 1024;
    this.onEvent = options.onEvent ?? (() => undefined);
    this.waitForRescan = options.waitForRescan ?? false;
  }

  /** The file being read and the offset of the next byte, if a file is open. */
  get current(): { readonly file: string; readonly offset: number } | undefined {
    return this.cur === undefined ? undefined : { file: this.cur.path, offset: this.cur.offset };
  }

  /** True when the last read met the end of the stream's data (the caller polls again later). */
  get atEnd(): boolean {
    return this.priorEOF;
  }

  /**
   * The next bytes of the stream, or undefined when there are none now (end of data, no file yet,
   * or a file error that will be retried). Never waits for data to appear; calls must not overlap.
   */
  async read(max = this.chunkSize): Promise<Chunk | undefined> {
    if (this.closed) throw new Error(`LogstreamReader(${this.stream.name}).read() after close()`);
    if (this.busy) throw new Error(`LogstreamReader(${this.stream.name}).read() while another read is in progress`);
    if (!(max > 0)) throw new RangeError(`LogstreamReader.read(${max}): the size must be positive`);
    this.busy = true;
    try {
      return await this.readOnce(max);
    } finally {
      this.busy = false;
    }
  }

  /**
   * The position `offset` bytes into `file` (a chunk's file, even an earlier one), with its hash;
   * what a caller saves with Journal.save once everything before it has been delivered.
   */
  async positionAt(file: string, offset: number): Promise<Position> {
    const path = this.currentName(file);
    const window = this.windowFromHistory(path, offset) ?? (await readWindowBefore(path, offset).catch(() => undefined));
    if (window === undefined) {
      throw new HekaError('HEKA_LOGSTREAMER_POSITION', `can't hash position ${offset} of ${path} for stream ${this.stream.name}: the file no longer holds that many bytes`, {
        hint: 'save positions soon after the chunks they fall in were read (the reader keeps the most recent bytes in memory)',
      });
    }
    return { file: path, seek: offset, hash: windowHash(window) };
  }

  /**
   * positionAt without touching the disk: undefined unless the bytes before `offset` are among the
   * recently returned chunks. For saving synchronously when the process is about to exit.
   */
  positionFromMemory(file: string, offset: number): Position | undefined {
    const path = this.currentName(file);
    const window = this.windowFromHistory(path, offset);
    return window === undefined ? undefined : { file: path, seek: offset, hash: windowHash(window) };
  }

  private currentName(file: string): string {
    let path = file;
    for (let i = 0; i < 100 && this.renames.has(path); i++) path = this.renames.get(path)!;
    return path;
  }

  /** Closes the file. The recent chunks stay in memory: records still in flight may be saved after. */
  async close(): Promise<void> {
    this.closed = true;
    const cur = this.cur;
    this.cur = undefined;
    if (cur) await cur.source.close().catch(() => undefined);
  }

  private emit(event: LogstreamEvent): void {
    if (event.kind === 'error') {
      const key = `${event.file}\0${event.message}`;
      if (key === this.lastError) return;
      this.lastError = key;
    }
    this.onEvent(event);
  }

  private async readOnce(max: number): Promise<Chunk | undefined> {
    if (this.cur === undefined && !(await this.start())) return undefined;
    const limit = this.stream.paths.length * 2 + 4;
    for (let i = 0; i < limit; i++) {
      const cur = this.cur!;
      const next = this.priorEOF ? await this.newerFile(cur) : undefined;
      let bytes: Buffer;
      try {
        bytes = await cur.source.read(max);
      } catch (e) {
        if (!(e instanceof GzipDataError)) {
          await this.fail(cur, e);
          return undefined;
        }
        this.emit({ kind: 'error', file: cur.path, message: e.message });
        bytes = EMPTY;
      }
      if (bytes.length > 0) {
        this.priorEOF = false;
        this.lastError = undefined;
        return this.deliver(cur, bytes);
      }
      if (!this.priorEOF) {
        // First end of data: look for a rotation or a newer file, then read once more.
        this.priorEOF = true;
        continue;
      }
      if (next === undefined || !(await this.switchTo(cur, next))) return undefined;
    }
    return undefined;
  }

  private deliver(cur: Current, bytes: Buffer): Chunk {
    const chunk: Chunk = { bytes, file: cur.path, offset: cur.offset };
    cur.offset += bytes.length;
    cur.tail = bytes.length >= HASH_WINDOW ? bytes.subarray(bytes.length - HASH_WINDOW) : Buffer.concat([cur.tail, bytes]).subarray(-HASH_WINDOW);
    this.remember({ id: cur.id, path: cur.path, offset: chunk.offset, bytes });
    return chunk;
  }

  private remember(entry: HistoryEntry): void {
    if (entry.bytes.length === 0) return;
    this.history.push(entry);
    this.historySize += entry.bytes.length;
    while (this.history.length > 2 && this.historySize - this.history[0]!.bytes.length >= this.historyBytes) {
      this.historySize -= this.history.shift()!.bytes.length;
    }
  }

  /** The ≤500 bytes before `offset` in `path`, from chunks of one opening of that file. */
  private windowFromHistory(path: string, offset: number): Buffer | undefined {
    const start = Math.max(0, offset - HASH_WINDOW);
    if (offset === start) return EMPTY;
    let i = this.history.length - 1;
    while (i >= 0) {
      const e = this.history[i]!;
      if (e.path === path && e.offset < offset && offset <= e.offset + e.bytes.length) break;
      i--;
    }
    if (i < 0) return undefined;
    const id = this.history[i]!.id;
    const parts: Buffer[] = [];
    let need = offset;
    for (; i >= 0 && need > start; i--) {
      const e = this.history[i]!;
      if (e.id !== id || e.path !== path || e.offset + e.bytes.length < need) return undefined;
      parts.unshift(e.bytes.subarray(Math.max(0, start - e.offset), need - e.offset));
      need = e.offset;
    }
    return need <= start ? Buffer.concat(parts) : undefined;
  }

  /** Opens where the stream should start: the resume position if it can be found, else the oldest file. */
  private async start(): Promise<boolean> {
    const resume = this.resumeAt;
    if (resume !== undefined) {
      let found: string | undefined;
      try {
        found = await this.locate(resume, true);
      } catch (e) {
        this.emit({ kind: 'error', file: resume.file, message: `can't look for the saved position: ${describe(e)}` });
        return false;
      }
      if (found !== undefined) return this.openAt(found, resume.seek, 'resume');
      this.emit({ kind: 'position-lost', position: resume, restartAt: this.stream.paths[0] });
      this.resumeAt = undefined;
    }
    const oldest = this.stream.paths[0];
    return oldest !== undefined && this.openAt(oldest, 0, 'start');
  }

  /** Opens `path`; with `expect`, only if it is still that file (else false: the caller decides again). */
  private async openAt(path: string, offset: number, why: 'start' | 'resume' | 'next' | 'reopen', expect?: Stats): Promise<boolean> {
    let opened;
    try {
      opened = await openSource(path, offset);
    } catch (e) {
      this.emit({ kind: 'error', file: path, message: `can't open: ${describe(e)}` });
      return false;
    }
    if (expect !== undefined && !sameFile(await opened.source.stat(), expect)) {
      await opened.source.close().catch(() => undefined);
      return false;
    }
    const id = ++this.nextId;
    const tail = opened.window ?? EMPTY;
    this.cur = { id, path, source: opened.source, offset, tail };
    this.remember({ id, path, offset: offset - tail.length, bytes: tail });
    this.priorEOF = false;
    this.resumeAt = undefined;
    this.lastError = undefined;
    this.emit({ kind: 'open', file: path, offset, why });
    return true;
  }

  /** After a read error: let the file go, keep the position, find it again on the next read. */
  private async fail(cur: Current, e: unknown): Promise<void> {
    this.emit({ kind: 'error', file: cur.path, message: `read failed: ${describe(e)}` });
    this.resumeAt = positionOf(cur);
    this.cur = undefined;
    this.priorEOF = false;
    await cur.source.close().catch(() => undefined);
  }

  private async switchTo(cur: Current, next: NextFile): Promise<boolean> {
    const why = next.path === cur.path ? 'reopen' : 'next';
    const previous = this.cur;
    if (!(await this.openAt(next.path, 0, why, next.seen))) {
      this.cur = previous;
      return false;
    }
    await cur.source.close().catch(() => undefined);
    return true;
  }

  /** Finds the file whose content before `seek` hashes to the position's hash. Permission errors are thrown. */
  private async locate(position: Position, nameFirst: boolean): Promise<string | undefined> {
    const paths = this.stream.paths;
    const tryFile = async (path: string): Promise<boolean> => {
      try {
        return await matchesAt(path, position.seek, position.hash);
      } catch (e) {
        if (errno(e) === 'EACCES' || errno(e) === 'EPERM') throw e;
        return false;
      }
    };
    if (nameFirst && paths.includes(position.file) && (await tryFile(position.file))) return position.file;
    for (const path of paths) {
      let info: Stats;
      try {
        info = await stat(path);
      } catch (e) {
        if (errno(e) === 'EACCES' || errno(e) === 'EPERM') throw e;
        continue;
      }
      if (info.size < position.seek && !(await isGzipFile(path))) continue;
      if (await tryFile(path)) return path;
    }
    return undefined;
  }

  private rename(cur: Current, to: string): void {
    this.emit({ kind: 'renamed', from: cur.path, to });
    this.renames.set(cur.path, to);
    this.renames.delete(to);
    for (const e of this.history) if (e.id === cur.id) e.path = to;
    cur.path = to;
  }

  /** Heka's rotation check, run before reading on from an end of data: the file to switch to, if any. */
  private async newerFile(cur: Current): Promise<NextFile | undefined> {
    // The successor is looked at before the current file is checked: a rotation after this point
    // puts another file at its path, which the open then notices (no file is skipped).
    const paths = this.stream.paths;
    const index = paths.indexOf(cur.path);
    const successor = index >= 0 ? paths[index + 1] : undefined;
    const early = successor === undefined ? undefined : await stat(successor).catch(() => undefined);
    const placedAt = cur.path;
    const path = await this.chooseNext(cur);
    if (path === undefined) return undefined;
    if (path === successor && cur.path === placedAt) return { path, seen: early };
    const seen = await stat(path).catch(() => undefined);
    // The file was found at another path and the next one seen only after: that counts only if it
    // is still there, else a rotation in between moved both (seen under load: a file skipped).
    // The next poll looks again.
    if (cur.path !== placedAt && !(await this.stillAt(cur))) return undefined;
    return { path, seen };
  }

  /** Whether what was read is still at the file's path (or the path is gone: then there is nothing to check). */
  private async stillAt(cur: Current): Promise<boolean> {
    try {
      return cur.offset === 0 || (await holdsWhatWasRead(cur));
    } catch (e) {
      return errno(e) === 'ENOENT';
    }
  }

  private async chooseNext(cur: Current): Promise<string | undefined> {
    const paths = this.stream.paths;
    if (paths.includes(cur.path)) this.knownOrder = paths;
    let handle: Stats;
    let onDisk: Stats | undefined;
    try {
      handle = await cur.source.stat();
      onDisk = await stat(cur.path);
    } catch (e) {
      if (errno(e) !== 'ENOENT') return undefined;
      // The path is gone. Until a rescan drops it from the list, wait.
      if (paths.includes(cur.path)) return undefined;
      return this.afterDeleted(cur);
    }
    let reason: RotationReason | undefined;
    const otherFile = !sameFile(handle, onDisk);
    if (otherFile && handle.size > onDisk.size) reason = 'replaced';
    else if (handle.size === 0 && onDisk.size > 0) reason = 'was-empty';
    else if (cur.offset > 0 && !(cur.source.gzip && !otherFile)) {
      let same: boolean;
      try {
        same = await holdsWhatWasRead(cur);
      } catch {
        return undefined;
      }
      // Another file at the path that grew past ours is still a replacement (equal-sized rotations).
      if (!same) reason = otherFile ? 'replaced' : onDisk.size < cur.offset ? 'truncated' : 'content-changed';
    }
    if (reason !== undefined) {
      let found: string | undefined;
      if (cur.offset === 0) found = cur.path;
      else {
        try {
          found = await this.locate(positionOf(cur), false);
        } catch {
          return undefined;
        }
      }
      if (found === undefined && reason === 'replaced' && this.waitForRescan && this.stream.listedAt !== undefined) {
        // Only a list whose scan began after this moment settles it: one under way may predate
        // a second rotation that moved the content (seen under load: a whole file skipped).
        this.unplacedSince ??= performance.now();
        this.replacer ??= onDisk;
        if (this.stream.listedAt <= this.unplacedSince) return undefined;
      }
      this.unplacedSince = undefined;
      const replacer = this.replacer;
      this.replacer = undefined;
      if (found === undefined) {
        // What we were reading is gone from the stream: the file that replaced it follows it,
        // wherever a later rotation moved that one; else the file now at this path.
        const next = (await this.listedAs(replacer)) ?? (paths.includes(cur.path) ? cur.path : paths[0]);
        this.emit({ kind: 'rotated', file: cur.path, reason, next });
        return next;
      }
      if (found !== cur.path) this.rename(cur, found);
    }
    const index = paths.indexOf(cur.path);
    if (index >= 0 && index + 1 < paths.length) return paths[index + 1];
    return reason === 'was-empty' && index >= 0 ? cur.path : undefined;
  }

  /** The listed path of the file `id` names, if it is still one of the stream's files. */
  private async listedAs(id: Stats | undefined): Promise<string | undefined> {
    if (id === undefined) return undefined;
    for (const path of this.stream.paths) {
      const info = await stat(path).catch(() => undefined);
      if (info !== undefined && sameFile(info, id)) return path;
    }
    return undefined;
  }

  /** The current file was deleted: go on with the first file listed after it, or a new one. */
  private async afterDeleted(cur: Current): Promise<string | undefined> {
    let found: string | undefined;
    try {
      found = cur.offset === 0 ? undefined : await this.locate(positionOf(cur), false);
    } catch {
      return undefined;
    }
    const paths = this.stream.paths;
    if (found !== undefined) {
      this.rename(cur, found);
      const index = paths.indexOf(found);
      return paths[index + 1];
    }
    const known = this.knownOrder.indexOf(cur.path);
    const after = new Set(known >= 0 ? this.knownOrder.slice(known + 1) : []);
    const next = paths.find((p) => after.has(p)) ?? paths.find((p) => !this.knownOrder.includes(p));
    if (next !== undefined) this.emit({ kind: 'rotated', file: cur.path, reason: 'deleted', next });
    return next;
  }
}

/** Where the reader is in its file: its path, offset and the hash of the bytes before it. */
function positionOf(cur: Current): Position {
  return { file: cur.path, seek: cur.offset, hash: windowHash(cur.tail) };
}

/** Whether the file now at the reader's path holds what it read there, up to its offset. */
function holdsWhatWasRead(cur: Current): Promise<boolean> {
  return matchesAt(cur.path, cur.offset, windowHash(cur.tail));
}
