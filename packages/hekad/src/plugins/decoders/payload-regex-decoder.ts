import { compileGoRegexp, definePlugin, f, isKnownLocation, translateGoRegexp } from '@heka/core';
import type { Decoder } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import type { DecoderCreateContext } from './decoder-context.js';
import { MessageTemplate, parseInt32 } from './message-template.js';
import { parseTimestampCapture } from './regex-timestamp.js';

export interface PayloadRegexOptions {
  readonly matchRegex: string;
  readonly severityMap: Readonly<Record<string, number>>;
  readonly template: MessageTemplate;
  readonly timestampLayout: string;
  readonly timestampLocation: string;
  readonly logErrors: boolean;
  readonly logError: (text: string) => void;
}

/** Parses the payload with a regex; captures set the timestamp, severity, headers and fields. */
export class PayloadRegexDecoderInstance implements Decoder {
  private readonly re: RegExp;
  /** Capture names by group number: the group's name, or its number when unnamed. */
  private readonly names: readonly string[];

  constructor(private readonly o: PayloadRegexOptions) {
    this.re = compileGoRegexp(o.matchRegex);
    this.names = translateGoRegexp(o.matchRegex).groupNames.map((n, i) => n || String(i));
  }

  decode(pack: Pack): Pack[] {
    const message = pack.message;
    const payload = message.payload;
    const m = this.re.exec(payload);
    if (m === null) {
      if (this.o.logErrors) throw new Error(`No match: ${payload}`);
      return [];
    }
    const captures = new Map<string, string>();
    for (let i = 1; i < this.names.length; i++) captures.set(this.names[i]!, m[i] ?? '');

    const ts = captures.get('Timestamp');
    if (ts !== undefined) {
      const ns = parseTimestampCapture(ts, this.o.timestampLayout, this.o.timestampLocation);
      if (ns === undefined) this.o.logError(`Don't recognize Timestamp: '${ts}'`);
      else message.timestamp = ns;
    }
    const severity = captures.get('Severity');
    if (severity !== undefined) {
      const mapped = Object.hasOwn(this.o.severityMap, severity) ? this.o.severityMap[severity] : undefined;
      if (mapped !== undefined) message.severity = mapped;
      else {
        try {
          message.severity = parseInt32(severity);
        } catch {
          this.o.logError(`Don't recognize severity: '${severity}'`);
        }
      }
      captures.delete('Severity');
    }
    this.o.template.populate(message, captures);
    pack.touched();
    return [pack];
  }
}

export const PayloadRegexDecoder = definePlugin({
  type: 'PayloadRegexDecoder',
  family: 'decoder',
  summary: 'Parses the payload with a regular expression; its captures set the timestamp, severity, headers and string fields.',
  description: 'Captures are named by their group name, or by their number ("1", "2", …) when unnamed. A capture named Timestamp is parsed with timestamp_layout (then Go\'s standard layouts); one named Severity goes through severity_map or is read as an integer. message_fields values interpolate captures as %name%.',
  example: `
[apache_error]
type = "PayloadRegexDecoder"
match_regex = '^\\[(?P<Timestamp>[^\\]]+)\\] \\[(?P<Severity>\\w+)\\] (?P<Message>.*)'
timestamp_layout = "Mon Jan 02 15:04:05 2006"
[apache_error.severity_map]
error = 3
warn = 4
[apache_error.message_fields]
Type = "apache.error"
Payload = "%Message%"
`,
  config: {
    match_regex: f.regexp({
      required: true,
      example: '^(?P<Status>\\d{3}) (?P<Path>\\S+)',
      doc: 'Regular expression (Go syntax) with at least one capture group, matched against the payload.',
      check: (re) => (translateGoRegexp(re).groupNames.length > 1 ? undefined : { message: 'match_regex must contain at least one capture group', hint: 'wrap what you want to keep in (?P<name>…)' }),
    }),
    severity_map: f.map(f.int({ doc: 'Severity number.' }), { doc: 'Maps a Severity capture to a severity number; a capture not in the map must be an integer.', keyDoc: '<captured text>', example: { error: 3 } }),
    message_fields: f.map(f.string({ doc: 'Value, with %name% replaced by the capture of that name.' }), {
      doc: 'Header names (Type, Logger, Payload, Hostname, Pid, Severity, Uuid) set the header; any other key adds a STRING field (`name|representation` with a representation). `%name%` in a value is replaced by that capture, `<name>` when there is none.',
      keyDoc: '<header or field name>',
      example: { Type: 'web.access', Status: '%Status%' },
    }),
    timestamp_layout: f.string({ default: '', example: '02/Jan/2006:15:04:05 -0700', doc: 'Go reference-time layout of the Timestamp capture, or Epoch, EpochMilli, EpochMicro, EpochNano (a decimal point is allowed).' }),
    timestamp_location: f.string({
      default: 'UTC',
      doc: 'Time zone (IANA name, or Local) for timestamps that carry none.',
      check: (zone) => (isKnownLocation(zone) ? undefined : { message: `unknown time zone ${zone}`, hint: 'use an IANA name such as "Europe/Paris", "UTC" or "Local"' }),
    }),
    log_errors: f.bool({ default: true, doc: 'A payload that does not match is a decode failure ("No match: …"); false drops it silently.' }),
  },
  create: (config, _common, context: DecoderCreateContext) => new PayloadRegexDecoderInstance({
    matchRegex: config.match_regex,
    severityMap: config.severity_map,
    template: new MessageTemplate(config.message_fields),
    timestampLayout: config.timestamp_layout,
    timestampLocation: config.timestamp_location,
    logErrors: config.log_errors,
    logError: context.logError ?? (() => undefined),
  }),
});
