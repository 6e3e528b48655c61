import { definePlugin, f, goLogPrefix, nowNs } from '@heka/core';
import type { ConsumerContext, Output } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';

/** Where log lines go; a promise means "wait before writing more" (a slow stdout). */
export type LineWriter = (bytes: Uint8Array) => void | Promise<void>;

export const stdoutWriter: LineWriter = (bytes) => {
  if (process.stdout.write(bytes)) return undefined;
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
};

const NEWLINE = new Uint8Array([0x0a]);

/** Each message as one Go log.Print line: prefix, the encoded bytes, a newline unless they end with one. */
export class LogOutputInstance implements Output {
  private context: ConsumerContext | undefined;

  constructor(
    private readonly logFlags: number,
    private readonly write: LineWriter = stdoutWriter,
    private readonly now: () => bigint = nowNs,
  ) {}

  prepare(context: ConsumerContext): void {
    this.context = context;
  }

  processMessage(pack: Pack): void | Promise<void> {
    const bytes = this.context?.encode(pack);
    if (bytes === undefined) return undefined;
    const parts = [Buffer.from(goLogPrefix(this.logFlags, this.now())), bytes];
    if (bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) parts.push(NEWLINE);
    return this.write(Buffer.concat(parts));
  }
}

export const LogOutput = definePlugin({
  type: 'LogOutput',
  family: 'output',
  summary: 'Writes each encoded message to stdout as a log line, prefixed as [hekad] log_flags says.',
  example: `
[PayloadEncoder]

[LogOutput]
message_matcher = "TRUE"
encoder = "PayloadEncoder"
`,
  common: {
    encoder: f.string({ required: true, example: 'PayloadEncoder', doc: 'Encoder section that turns messages into text. Required (Heka fails with "Encoder required.").' }),
  },
  config: {},
  create: (_config, _common, { globals, stdout }) => new LogOutputInstance(globals.log_flags, stdout ?? stdoutWriter),
});
