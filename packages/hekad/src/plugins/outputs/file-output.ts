import { computed, definePlugin, f, UINT32_MAX } from '@heka/core';

const octal = (value: string) =>
  /^[0-7]{1,4}$/.test(value) ? undefined : { message: `expected an octal permission such as "644", got "${value}"`, hint: 'write the mode as octal digits in a string, e.g. "644"' };

export const FileOutput = definePlugin({
  type: 'FileOutput',
  family: 'output',
  summary: 'Appends encoded messages to a file, in batches, optionally starting a new file every few hours.',
  example: `
[PayloadEncoder]

[access_file]
type = "FileOutput"
message_matcher = "Type == 'logfile'"
path = "/var/log/heka/access.log"
encoder = "PayloadEncoder"
flush_count = 100
flush_operator = "OR"
`,
  common: {
    encoder: f.string({ required: true, example: 'PayloadEncoder', doc: 'Encoder section that turns messages into bytes.' }),
    use_framing: computed((c) => c.given('encoder') === 'ProtobufEncoder', 'true when encoder is "ProtobufEncoder", else false'),
  },
  config: {
    path: f.string({ required: true, example: '/var/log/heka/output.log', doc: 'File to append to. With rotation_interval it is a strftime pattern, expanded in local time.' }),
    perm: f.string({ default: '644', doc: 'Octal permissions of the file when it is created.', check: octal }),
    folder_perm: f.string({ default: '700', doc: 'Octal permissions of parent directories created for it.', check: octal }),
    flush_interval: f.uint({ default: 1000, unit: 'ms', max: UINT32_MAX, doc: 'Milliseconds between writes of the batch; 0 turns the timer off.' }),
    flush_count: f.uint({ default: 1, min: 1, max: UINT32_MAX, doc: 'Messages to batch before a write.' }),
    flush_operator: f.oneOf(['AND', 'OR'], { default: 'AND', doc: 'AND writes when flush_count messages are batched and flush_interval has passed; OR when either happens.' }),
    rotation_interval: f.oneOf([0, 1, 4, 12, 24], { default: 0, doc: 'Hours between new files; 0 never rotates.' }),
  },
});
