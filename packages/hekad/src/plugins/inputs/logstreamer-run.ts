// The running LogstreamerInput: the first scan (its errors fail the start, in Heka's words), a
// follower per stream reading in parallel, and rescans that pick up new streams and files.
import { HekaError, LogstreamSet, type LogstreamSetOptions } from '@heka/core';
import type { Input, InputContext, ReportField } from '../../pipeline/contracts.js';
import { pause } from './abortable.js';
import { LogstreamFollower, type FollowerOptions } from './logstream-follower.js';

export interface LogstreamerRunOptions extends FollowerOptions {
  readonly set: LogstreamSetOptions;
  /** Time between scans for new files and streams; 0 = never rescan. */
  readonly rescanMs: number;
}

export class LogstreamerInputInstance implements Input {
  private readonly followers = new Map<string, LogstreamFollower>();

  constructor(private readonly options: LogstreamerRunOptions) {}

  report(): readonly ReportField[] {
    return [...this.followers.values()]
      .sort((a, b) => (a.stream.name < b.stream.name ? -1 : a.stream.name > b.stream.name ? 1 : 0))
      .flatMap((f) => [
        { name: `${f.stream.name}-filename`, value: f.filename },
        { name: `${f.stream.name}-bytes`, value: f.bytes, representation: 'count' },
      ]);
  }

  async checkpointed(): Promise<void> {
    await Promise.all([...this.followers.values()].map((f) => f.settled()));
  }

  async run(context: InputContext, signal: AbortSignal): Promise<void> {
    const set = await LogstreamSet.open(this.options.set);
    const first = await set.scan();
    if (first.errors.length > 0) {
      throw new HekaError('HEKA_LOGSTREAMER_SCAN', first.errors.join('\n'), {
        hint: 'give file_match a priority that orders each stream\'s files, or a differentiator that gives each file its own stream; fix or delete a corrupt journal',
      });
    }
    // One follower failing (a bug) stops the others, so the input restarts as a whole.
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) stop.abort(); // told to stop during the first scan: the event has passed
    const running: Promise<void>[] = [];
    const follow = (names: readonly string[]): void => {
      for (const name of names) {
        const stream = set.streams.get(name);
        if (stream === undefined) continue;
        const follower = new LogstreamFollower(stream, context, this.options);
        this.followers.set(name, follower);
        running.push(follower.run(stop.signal).catch((e: unknown) => {
          stop.abort();
          throw e;
        }));
      }
    };
    follow(first.newStreams);
    try {
      while (!stop.signal.aborted && this.options.rescanMs > 0) {
        await pause(this.options.rescanMs, stop.signal);
        if (stop.signal.aborted) break;
        try {
          const rescan = await set.scan();
          for (const error of rescan.errors) context.error(error);
          follow(rescan.newStreams);
        } catch (e) {
          // At rescan Heka only logged; the streams already found read on.
          context.error(`rescanning ${this.options.set.logDirectory} failed: ${(e as Error).message} (check that log_directory still exists and is readable)`);
        }
      }
      // Followers are added while rescanning; wait for all of them, including late ones.
      await Promise.all(running);
    } finally {
      signal.removeEventListener('abort', onAbort);
      stop.abort();
      await Promise.allSettled(running);
    }
  }
}
