// StdinInput (new in this project): `some-cmd | hekad -config=c.toml`. Reads stdin through the
// splitter and decoder until end of file, then returns so hekad drains and exits 0.
import type { Readable } from 'node:stream';
import { computed, definePlugin, f, type Message } from '@heka/core';
import type { Input, InputContext, ReportField } from '../../pipeline/contracts.js';

export interface StdinInputOptions {
  /** Where the bytes come from: process.stdin in hekad, any Readable in tests. */
  readonly source: Readable;
  readonly hostname: string;
}

/** The type of messages made from stdin records (when the splitter does not pass message bytes). */
export const STDIN_MESSAGE_TYPE = 'stdin';

export class StdinInputInstance implements Input {
  private bytes = 0;

  constructor(private readonly options: StdinInputOptions) {}

  report(): readonly ReportField[] {
    return [{ name: 'bytes', value: this.bytes, representation: 'count' }];
  }

  async run(context: InputContext, signal: AbortSignal): Promise<void> {
    const { source, hostname } = this.options;
    const decorate = (message: Message): void => {
      message.type = STDIN_MESSAGE_TYPE;
      message.logger = context.name;
      message.hostname = hostname;
    };
    const stream = context.openStream({ decorate });
    try {
      await this.pump(source, (chunk) => {
        this.bytes += chunk.length;
        return stream.push(chunk);
      }, signal);
    } finally {
      // At end of input a last line without a newline is the splitter's to deliver or report;
      // when hekad stops first, what is half read is simply not finished.
      await (signal.aborted ? stream.stop() : stream.end());
    }
  }

  /** Feeds `push` until end of file or abort; while a push promise is pending the source is paused. */
  private pump(source: Readable, push: (chunk: Buffer) => Promise<void> | undefined, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let waiting = false;
      let ended = false;
      const finish = (error?: Error): void => {
        source.off('data', onData);
        source.off('end', onEnd);
        source.off('error', onError);
        signal.removeEventListener('abort', onAbort);
        // Paused and without listeners, stdin no longer keeps hekad alive.
        source.pause();
        if (error) reject(error);
        else resolve();
      };
      const onData = (chunk: Buffer | string): void => {
        const held = push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
        if (held === undefined) return;
        waiting = true;
        source.pause();
        held.then(
          () => {
            waiting = false;
            if (ended) finish();
            else if (!signal.aborted) source.resume();
          },
          (e: unknown) => finish(e instanceof Error ? e : new Error(String(e))),
        );
      };
      // 'end' can only follow the data already pushed; finish once that push is through.
      const onEnd = (): void => {
        ended = true;
        if (!waiting) finish();
      };
      const onError = (e: Error): void => finish(new Error(`StdinInput: reading stdin failed: ${e.message} (check what is piped into hekad)`));
      const onAbort = (): void => finish();
      if (signal.aborted) return finish();
      source.on('data', onData);
      source.on('end', onEnd);
      source.on('error', onError);
      signal.addEventListener('abort', onAbort, { once: true });
      source.resume();
    });
  }
}

export const StdinInput = definePlugin({
  type: 'StdinInput',
  family: 'input',
  summary: 'Reads the standard input of hekad until end of file, e.g. `tail -F app.log | hekad -config=c.toml`.',
  description: `
New in this project (Heka 0.10 has no such input). Records become messages of Type \`stdin\`,
Logger = this section's name and Hostname = \`hostname\`, unless the splitter passes message
bytes to a decoder. At end of file the input ends its stream and stops: hekad then drains,
flushes its outputs and exits 0.
`,
  example: `
[StdinInput]
`,
  common: { splitter: 'TokenSplitter' },
  config: {
    hostname: f.string({ default: computed((c) => c.globals.hostname, 'the [hekad] hostname'), doc: 'Hostname put on the messages.' }),
  },
  create: (config) => new StdinInputInstance({ source: process.stdin, hostname: config.hostname }),
});
