// Follows one logstream for LogstreamerInput: reads its files into one InputStream, polls at end
// of data, waits while the pipeline is full, and journals only positions the pipeline delivered.
import { LogstreamReader, type Chunk, type Logstream, type LogstreamEvent, type Message } from '@heka/core';
import type { InputContext } from '../../pipeline/contracts.js';
import { pause, untilSettledOrAborted } from './abortable.js';
import { ChunkPositions } from './chunk-positions.js';
import { JournalCheckpoint } from './journal-checkpoint.js';

/** Heka 0.10 read each stream every 250 ms once it reached the end of its data. */
export const POLL_MS = 250;

/**
 * Bytes per read. Each read is a trip through the thread pool costing far more than copying the
 * bytes; at 64 KiB the calls showed as 10 % of a profile at 250 k lines/s.
 */
export const READ_SIZE = 256 * 1024;

/** The Type of messages made from log file records. */
export const LOGFILE_TYPE = 'logfile';

export interface FollowerOptions {
  readonly hostname: string;
  readonly pollMs?: number;
  /** Deliveries between journal saves (Heka: 500 records). */
  readonly saveEvery?: number;
  /** Time between rescans (0: never); with rescans the reader can wait for one after a rotation. */
  readonly rescanMs?: number;
}

export class LogstreamFollower {
  private readonly reader: LogstreamReader;
  private readonly checkpoint: JournalCheckpoint;
  private stopped = false;

  constructor(
    readonly stream: Logstream,
    private readonly context: InputContext,
    private readonly options: FollowerOptions,
  ) {
    this.reader = new LogstreamReader(stream, {
      start: stream.saved, chunkSize: READ_SIZE, onEvent: (e) => this.onEvent(e), waitForRescan: (options.rescanMs ?? 0) > 0,
    });
    this.checkpoint = new JournalCheckpoint(new ChunkPositions(), stream.journal, this.reader, (m) => context.error(`${stream.name}: ${m}`), options.saveEvery);
  }

  /** The file being read ('' before one is open): the report's `<stream>-filename`. */
  get filename(): string {
    return this.reader.current?.file ?? '';
  }

  /** The offset reached in that file: the report's `<stream>-bytes`. */
  get bytes(): number {
    return this.reader.current?.offset ?? 0;
  }

  /** Reads until `signal` aborts, then ends the stream, closes the file and saves the journal. */
  async run(signal: AbortSignal): Promise<void> {
    const { name } = this.stream;
    const decorate = (message: Message): void => {
      message.type = LOGFILE_TYPE;
      message.logger = name;
      message.hostname = this.options.hostname;
    };
    const input = this.context.openStream({
      token: name,
      offset: this.checkpoint.chunks.end,
      decorate,
      // Once stopped, any delivery may be the last: save each (saves coalesce).
      onDelivered: (at, records) => this.checkpoint.onDelivered(at, this.stopped, records),
    });
    // The next read is under way while a chunk goes through the pipeline: reading overlaps
    // the work instead of alternating with it.
    let next: Promise<Chunk | undefined> | undefined;
    const readAhead = (): Promise<Chunk | undefined> => {
      const read = this.reader.read();
      read.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled
      return read;
    };
    try {
      while (!signal.aborted) {
        const chunk = await (next ?? readAhead());
        next = undefined;
        if (chunk === undefined) {
          await this.checkpoint.save();
          await pause(this.options.pollMs ?? POLL_MS, signal);
          continue;
        }
        this.checkpoint.chunks.add(chunk.file, chunk.offset, chunk.bytes.length);
        next = readAhead();
        const held = input.push(chunk.bytes);
        if (held !== undefined) await untilSettledOrAborted(held, signal);
      }
    } finally {
      this.stopped = true;
      // A chunk read ahead is not pushed: the journal never passed it, a restart reads it again.
      await next?.catch(() => undefined);
      // A file is never "finished": an unfinished last line is read again after a restart.
      await input.stop();
      await this.reader.close();
      await this.checkpoint.save();
    }
  }

  /** After the outputs' final flushes: resolves when the journal holds the last delivered position. */
  settled(): Promise<void> {
    return this.checkpoint.settled();
  }

  private onEvent(event: LogstreamEvent): void {
    const name = this.stream.name;
    switch (event.kind) {
      case 'error':
        this.context.error(`${name}: ${event.file}: ${event.message}`);
        break;
      case 'renamed':
        this.context.log(`${name}: ${event.from} was renamed to ${event.to}; reading on there`);
        break;
      case 'rotated':
        this.context.log(`${name}: ${event.file} was rotated (${event.reason})${event.next === undefined ? '' : `; continuing with ${event.next}`}`);
        break;
      case 'position-lost':
        this.context.log(
          `${name}: the journal's position (${event.position.file} at ${event.position.seek}) is in none of the stream's files; starting again at ${event.restartAt ?? 'its oldest file once one appears'}`,
        );
        break;
      case 'open':
        break;
    }
  }
}
