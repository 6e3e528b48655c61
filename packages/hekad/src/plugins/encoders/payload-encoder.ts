import { definePlugin, f } from '@heka/core';

export const PayloadEncoder = definePlugin({
  type: 'PayloadEncoder',
  family: 'encoder',
  summary: 'Writes the message payload, optionally after a timestamp and followed by a newline.',
  example: `
[PayloadEncoder]
prefix_ts = true
`,
  config: {
    append_newlines: f.bool({ default: true, doc: 'Add a newline after each payload.' }),
    prefix_ts: f.bool({ default: false, doc: 'Start each payload with a timestamp in ts_format.' }),
    ts_from_message: f.bool({ default: true, doc: 'Take the timestamp from the message; false uses the current time.' }),
    ts_format: f.string({ default: '[%Y/%b/%d:%H:%M:%S %z]', doc: 'strftime format of the timestamp, in local time; a space is added after it unless it ends with one.' }),
  },
});
