import { definePlugin, f } from '@heka/core';

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
});
