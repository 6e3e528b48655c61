import { definePlugin, f, formatGoLayout, nowNs, type ConfigValues } from '@heka/core';
import type { Encoder } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';

const options = {
  append_newlines: f.bool({ default: true, doc: 'Add a newline after each payload.' }),
  prefix_ts: f.bool({ default: false, doc: 'Start each payload with a timestamp in ts_format.' }),
  ts_from_message: f.bool({ default: true, doc: 'Take the timestamp from the message; false uses the current time.' }),
  ts_format: f.string({ default: '[2006/Jan/02:15:04:05 -0700]', doc: 'Go time layout of the timestamp (the reference time Mon Jan 2 15:04:05 MST 2006 written as wanted), in local time; a space is added after it unless it ends with one.' }),
};
export type PayloadEncoderConfig = ConfigValues<typeof options>;

const NEWLINE = new Uint8Array([0x0a]);

export class PayloadEncoderInstance implements Encoder {
  private readonly tsFormat: string;
  /** Without a timestamp or newline the encoding is the payload as it is. */
  readonly payloadOnly: boolean;

  constructor(private readonly config: PayloadEncoderConfig, private readonly now: () => bigint = nowNs) {
    this.payloadOnly = !config.prefix_ts && !config.append_newlines;
    // Heka separates the timestamp from the payload with a space unless the layout ends with one.
    this.tsFormat = config.ts_format.endsWith(' ') ? config.ts_format : config.ts_format + ' ';
  }

  encode(pack: Pack): Uint8Array {
    const payload = pack.message.payloadBytes;
    const { prefix_ts, append_newlines, ts_from_message } = this.config;
    if (!prefix_ts && !append_newlines) return payload;
    const parts: Uint8Array[] = [];
    if (prefix_ts) parts.push(Buffer.from(formatGoLayout(ts_from_message ? pack.message.timestamp : this.now(), this.tsFormat)));
    parts.push(payload);
    if (append_newlines) parts.push(NEWLINE);
    return Buffer.concat(parts);
  }
}

export const PayloadEncoder = definePlugin({
  type: 'PayloadEncoder',
  family: 'encoder',
  summary: 'Writes the message payload, optionally after a timestamp and followed by a newline.',
  example: `
[PayloadEncoder]
prefix_ts = true
`,
  config: options,
  create: (config) => new PayloadEncoderInstance(config),
});
