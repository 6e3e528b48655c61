// A LogstreamSet: every stream one LogstreamerInput section finds. A scan forms streams from the
// files on disk; new streams load their journal, existing ones get their file lists replaced.
import { join } from 'node:path';
import { HekaError } from '../errors/heka-error.js';
import { findLogFiles, groupByStream, multipleWithoutPriority, sortByPriority, type FileProblem, type LogFile } from './discovery.js';
import { Journal, type Position } from './journal.js';
import { lowercaseTranslation, type LowerTranslation, type Translation } from './match-parts.js';
import { resolveFilePattern, type FilePattern } from './pattern.js';

export interface LogstreamSetOptions {
  readonly logDirectory: string;
  /** file_match as configured (Go syntax, relative to logDirectory). */
  readonly fileMatch: string;
  readonly priority?: readonly string[];
  /** Items joined into each stream's name; LogstreamerInput's default is [section name]. */
  readonly differentiator: readonly string[];
  readonly translation?: Translation;
  /** Files last modified this long ago or earlier are ignored; 0 or absent = no limit. */
  readonly oldestDurationMs?: number;
  /** Where `<stream name>` journals live; absent = no journals (heka-logstreamer). */
  readonly journalDirectory?: string;
  /** Passed to each Journal: fsync before the rename. */
  readonly fsyncJournal?: boolean;
}

/** One stream: its name, its files oldest→newest (replaced on each scan) and its journal. */
export class Logstream {
  files: readonly LogFile[];
  /**
   * When (performance.now()) the scan that listed `files` began. A reader that met a rotation it
   * cannot place waits for a list begun after that moment: a scan already under way may predate it.
   */
  listedAt: number;

  constructor(
    readonly name: string,
    files: readonly LogFile[],
    /** The journal, when the set has a journal directory. */
    readonly journal: Journal | undefined,
    /** The position its journal held when the stream was found. */
    readonly saved: Position | undefined,
    listedAt: number,
  ) {
    this.files = files;
    this.listedAt = listedAt;
  }

  get paths(): string[] {
    return this.files.map((f) => f.path);
  }
}

export interface ScanResult {
  /** Names of the streams this scan created, in scan order. */
  readonly newStreams: string[];
  /** Heka's scan errors (multiple files without priority, corrupt journals). */
  readonly errors: string[];
  /** Files whose sort values could not be worked out (Heka ignored these). */
  readonly problems: FileProblem[];
  /** Files matched (after the age filter). */
  readonly matched: number;
}

export class LogstreamSet {
  readonly streams = new Map<string, Logstream>();
  private readonly translation: LowerTranslation;

  private constructor(
    readonly pattern: FilePattern,
    readonly options: LogstreamSetOptions,
  ) {
    this.translation = lowercaseTranslation(options.translation ?? {});
  }

  /** Resolves log_directory and compiles file_match; throws a HekaError if either is unusable. */
  static async open(options: LogstreamSetOptions): Promise<LogstreamSet> {
    if (options.fileMatch === '') {
      throw new HekaError('HEKA_LOGSTREAMER_FILE_MATCH', '`file_match` setting is required.', { hint: "set file_match to a regular expression for the file names, e.g. file_match = 'access\\.log'" });
    }
    return new LogstreamSet(await resolveFilePattern(options.logDirectory, options.fileMatch), options);
  }

  /** Streams sorted by name (Heka's order was random). */
  sortedStreams(): Logstream[] {
    return [...this.streams.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async scan(now = Date.now()): Promise<ScanResult> {
    const begun = performance.now();
    const files = await findLogFiles(this.pattern, this.options.oldestDurationMs ?? 0, this.translation, now);
    const problems = files.flatMap((f) => (f.error === undefined ? [] : [{ file: f.path, reason: f.error }]));
    const priority = this.options.priority ?? [];
    const newStreams: string[] = [];
    const errors: string[] = [];
    for (const [name, list] of groupByStream(files, this.options.differentiator)) {
      let stream = this.streams.get(name);
      if (list.length > 1 && priority.length === 0) {
        errors.push(multipleWithoutPriority(name, this.pattern.fileMatch, list));
        continue;
      }
      const sorted = priority.length > 0 && list.length > 1 ? sortByPriority(list, priority) : list;
      if (stream === undefined) {
        let journal: Journal | undefined;
        let saved: Position | undefined;
        if (this.options.journalDirectory !== undefined) {
          journal = new Journal(join(this.options.journalDirectory, name), { fsync: this.options.fsyncJournal ?? false });
          try {
            saved = await journal.load();
          } catch (e) {
            errors.push((e as Error).message);
          }
        }
        stream = new Logstream(name, sorted, journal, saved, begun);
        this.streams.set(name, stream);
        newStreams.push(name);
      } else {
        stream.files = sorted;
        stream.listedAt = begun;
      }
    }
    return { newStreams, errors, problems, matched: files.length };
  }
}
