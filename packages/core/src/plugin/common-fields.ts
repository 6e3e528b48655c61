// Options Heka consumes itself for every plugin of a family (CommonInputConfig, CommonFOConfig,
// CommonSplitterConfig), declared once and decoded before the plugin's own strict decode.
import { f, recordSizeLimit, type ConfigSchema, type ConfigValues, type DefaultContext, type Problem } from '../config/index.js';
import type { Family } from './family.js';
import type { Rule } from './rules.js';

const retries = f.group(
  {
    max_delay: f.duration({ default: '30s', doc: 'Longest wait between two attempts.' }),
    delay: f.duration({ default: '250ms', doc: 'First wait; doubled after each failed attempt, up to max_delay.' }),
    max_jitter: f.duration({ default: '500ms', doc: 'A random extra wait of up to this much is added to each wait.' }),
    max_retries: f.int({ default: -1, min: -1, doc: 'Attempts before giving up: -1 retries forever, 0 never retries.' }),
  },
  { loose: true, advanced: true, doc: 'How a plugin that fails to start or stops is restarted (`[name.retries]`). Unknown keys are ignored, as in Heka.' },
);

const buffering = f.group(
  {
    max_file_size: f.bytes({ default: 536870912, zeroMeansDefault: true, doc: 'Size at which the queue rolls over to a new file; 0 means the default.' }),
    max_buffer_size: f.bytes({ default: 0, doc: 'Largest total size of the queue on disk; 0 means unlimited.' }),
    full_action: f.oneOf(['shutdown', 'drop', 'block'], {
      default: 'shutdown',
      doc: 'What to do when the queue is full: shut hekad down, drop the message, or block (back-pressure).',
      invalidMessage: (raw) => `buffer full_action must be 'shutdown', 'drop', or 'block', got '${String(raw)}'`,
    }),
    cursor_update_count: f.uint({ default: 1, zeroMeansDefault: true, doc: 'Messages processed between checkpoint writes; 0 means 1.' }),
  },
  { advanced: true, doc: 'Disk queue settings used when `use_buffering` is true (`[name.buffering]`). Keys left out of a present table take these defaults, not a plugin\'s own.' },
);

const ticker_interval = f.seconds({ default: 0, doc: 'Seconds between timer events; 0 for none.' });
const can_exit = f.bool({ default: false, doc: 'Whether hekad keeps running when this plugin stops; otherwise it shuts down.' });

const inputFields = {
  decoder: f.string({ default: '', doc: 'Decoder section to turn records into messages; empty sends them to the router as they are.' }),
  splitter: f.string({ default: 'NullSplitter', doc: 'Splitter section that cuts the input stream into records.' }),
  synchronous_decode: f.bool({ default: false, advanced: true, doc: 'Decode in the input\'s own flow instead of a separate decoder queue.' }),
  send_decode_failures: f.bool({ default: false, doc: 'Route records that fail to decode, with fields decode_failure and decode_error, instead of dropping them.' }),
  log_decode_failures: f.bool({ default: false, doc: 'Log each decode failure (Heka\'s docs say true, its code false; the code wins).' }),
  can_exit,
  ticker_interval,
  retries,
} as const;

const missingMatcher = ({ name }: DefaultContext): Problem => ({
  message: `'${name}' missing message matcher`,
  hint: `add message_matcher = "TRUE" to receive every message, or an expression such as "Type == 'logfile'"`,
});

const filterFields = {
  message_matcher: f.string({
    required: true,
    example: "Type == 'logfile'",
    doc: 'Which messages this plugin receives, in Heka\'s matcher language (`TRUE` for all).',
    missing: missingMatcher,
    check: (value, context) => (value === '' ? missingMatcher(context) : undefined),
  }),
  message_signer: f.string({ default: '', doc: 'Only receive messages signed by this signer.' }),
  ticker_interval,
  can_exit,
  use_buffering: f.bool({ default: false, doc: 'Queue matched messages on disk before the plugin processes them.' }),
  buffering,
  retries,
} as const;

const outputFields = {
  ...filterFields,
  encoder: f.string({ default: '', doc: 'Encoder section that turns messages into bytes.' }),
  use_framing: f.bool({ default: false, doc: 'Wrap each encoded message in Heka stream framing.' }),
} as const;

const splitterFields = {
  keep_truncated: f.bool({ default: false, doc: 'Deliver a record that exceeds the maximum record size, truncated, instead of dropping it.' }),
  use_message_bytes: f.bool({ default: false, doc: 'Hand each record to the decoder as protobuf message bytes instead of as a payload.' }),
  min_buffer_size: f.bytes({ default: 8192, advanced: true, doc: 'Initial read buffer size; it grows up to the maximum record size.' }),
  deliver_incomplete_final: f.bool({ default: false, doc: 'At end of input, deliver a final record that has no closing delimiter.' }),
} as const;

/** Each family's common options. Decoders and encoders have none. */
export const commonFields = {
  input: inputFields,
  splitter: splitterFields,
  decoder: {},
  filter: filterFields,
  encoder: {},
  output: outputFields,
} as const satisfies Record<Family, ConfigSchema>;

export type CommonFieldsOf<F extends Family> = (typeof commonFields)[F];
export type CommonConfigOf<F extends Family> = ConfigValues<CommonFieldsOf<F>>;

type Buffered = { readonly use_buffering: boolean; readonly buffering: { readonly max_file_size: number } };

const bufferFitsRecords: Rule<Buffered> = (c, { globals }) => {
  const max = recordSizeLimit(globals);
  if (!c.use_buffering || c.buffering.max_file_size >= max) return undefined;
  return {
    key: ['buffering', 'max_file_size'],
    message: `\`max_file_size\` must be greater than maximum record size of ${max}`,
    hint: `write max_file_size = ${max} or more`,
  };
};

// Only a size the user chose is refused: a default above a small max_message_size is capped by
// the splitter, or every config with such a limit would fail on the default splitters.
const splitterBufferFits: Rule<{ readonly min_buffer_size: number }> = (c, { globals, given }) => {
  const max = recordSizeLimit(globals);
  if (c.min_buffer_size <= max || given('min_buffer_size') === undefined) return undefined;
  return {
    key: 'min_buffer_size',
    message: `'min_buffer_size' (${c.min_buffer_size}) can't be larger than MAX_RECORD_SIZE (${max})`,
    hint: `write min_buffer_size = ${max} or less (raise [hekad] max_message_size for larger records)`,
  };
};

/** Checks Heka makes on the common options, given the [hekad] limits. */
export const commonRules: { readonly [F in Family]: readonly Rule<CommonConfigOf<F>>[] } = {
  input: [],
  splitter: [splitterBufferFits],
  decoder: [],
  filter: [bufferFitsRecords],
  encoder: [],
  output: [bufferFitsRecords],
};
