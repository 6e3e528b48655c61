// The seek journal: `{"seek":<n>,"file_name":"<path>","last_hash":"<sha1>"}`, byte for byte what
// Heka writes (Go's encoding/json escaping included), replaced atomically through a temp file.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HekaError } from '../errors/heka-error.js';

/** A place in a stream: `seek` bytes into `file`, and the hash of the 500 bytes before it. */
export interface Position {
  readonly file: string;
  readonly seek: number;
  readonly hash: string;
}

export const JOURNAL_MODE = 0o660;
export const JOURNAL_DIRECTORY_MODE = 0o744;

/** A string as Go's encoding/json writes it (HTML-safe escapes, \u00XX for other controls). */
export function goJsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

export function formatJournal(position: Position): string {
  return `{"seek":${position.seek},"file_name":${goJsonString(position.file)},"last_hash":${goJsonString(position.hash)}}`;
}

function corrupt(path: string, reason: string): HekaError {
  return new HekaError('HEKA_LOGSTREAMER_JOURNAL', `Error parsing the journal file ${path}: ${reason}`, {
    hint: 'delete the file (the stream then starts again at its oldest file) or restore it from a backup',
  });
}

/** Parses a journal's text; empty or whitespace-only text means no journal. Keys match case-insensitively, as in Go. */
export function parseJournal(text: string, path: string): Position | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (e) {
    throw corrupt(path, (e as Error).message);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw corrupt(path, 'expected a JSON object');
  let seek = 0;
  let file = '';
  let hash = '';
  for (const [key, v] of Object.entries(value)) {
    switch (key.toLowerCase()) {
      case 'seek':
        if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw corrupt(path, `"seek" must be an integer, got ${JSON.stringify(v)}`);
        seek = v;
        break;
      case 'file_name':
        if (typeof v !== 'string') throw corrupt(path, `"file_name" must be a string, got ${JSON.stringify(v)}`);
        file = v;
        break;
      case 'last_hash':
        if (typeof v !== 'string') throw corrupt(path, `"last_hash" must be a string, got ${JSON.stringify(v)}`);
        hash = v;
        break;
      default:
    }
  }
  if (seek < 0) throw corrupt(path, `"seek" is negative (${seek})`);
  return { file, seek, hash };
}

let tempCounter = 0;

/** One stream's journal file. Saves are serialised; each replaces the file atomically. */
export class Journal {
  private last: Promise<void> = Promise.resolve();
  /** Saves are numbered; `landed` is the newest one in place, so an older one never replaces it. */
  private counter = 0;
  private landed = 0;

  constructor(
    readonly path: string,
    private readonly options: { readonly fsync?: boolean } = {},
  ) {}

  /** The saved position; undefined when there is none. Throws `Error parsing the journal file …` for a corrupt one. */
  async load(): Promise<Position | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new HekaError('HEKA_LOGSTREAMER_JOURNAL', `can't read the journal file ${this.path}: ${(e as Error).message}`, {
        hint: 'make the journal_directory readable and writable by hekad',
        cause: e,
      });
    }
    return parseJournal(text, this.path);
  }

  /** Writes the position: a temp file in the same directory (mode 0660), then a rename over the journal. */
  save(position: Position): Promise<void> {
    const id = ++this.counter;
    const run = this.last.then(() => this.write(position, id));
    this.last = run.catch(() => undefined);
    return run;
  }

  /**
   * Writes the position before returning (when the process is about to exit and an async save
   * might never finish). A save still running from before cannot overwrite it afterwards.
   */
  saveSync(position: Position): void {
    const id = ++this.counter;
    const temp = this.tempName();
    try {
      mkdirSync(dirname(this.path), { recursive: true, mode: JOURNAL_DIRECTORY_MODE });
      const fd = openSync(temp, 'w', JOURNAL_MODE);
      try {
        writeSync(fd, formatJournal(position));
        if (this.options.fsync) fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
      this.landed = id;
    } catch (e) {
      try { unlinkSync(temp); } catch { /* never created */ }
      throw writeError(this.path, e);
    }
  }

  private tempName(): string {
    return `${this.path}.${process.pid}.${++tempCounter}.tmp`;
  }

  /** Opens the temp file, creating the journal directory only when it is missing (not every save). */
  private async openTemp(temp: string): Promise<FileHandle> {
    try {
      return await open(temp, 'w', JOURNAL_MODE);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      await mkdir(dirname(this.path), { recursive: true, mode: JOURNAL_DIRECTORY_MODE });
      return open(temp, 'w', JOURNAL_MODE);
    }
  }

  private async write(position: Position, id: number): Promise<void> {
    const temp = this.tempName();
    try {
      const fh = await this.openTemp(temp);
      try {
        await fh.writeFile(formatJournal(position));
        if (this.options.fsync) await fh.sync();
      } finally {
        await fh.close();
      }
      // Checked and renamed in one turn of the event loop: a newer saveSync cannot slip between.
      if (this.landed > id) await unlink(temp).catch(() => undefined);
      else {
        renameSync(temp, this.path);
        this.landed = id;
      }
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw writeError(this.path, e);
    }
  }
}

function writeError(path: string, e: unknown): HekaError {
  return new HekaError('HEKA_LOGSTREAMER_JOURNAL', `Error writing seek recovery log ${path}: ${(e as Error).message}`, {
    hint: 'check that journal_directory exists, is writable by hekad and its disk is not full',
    cause: e,
  });
}
