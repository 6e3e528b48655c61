// PayloadRegexDecoder (plugins §5.2): a section body, a payload, and what the decoded message
// becomes (only the parts that change), the error thrown, or the errors logged.
import { ValueType } from '@heka/core';
import type { MessageView } from './decoder-harness.js';

export interface RegexCase {
  readonly name: string;
  /** TOML lines after `type = "PayloadRegexDecoder"`. */
  readonly section: string;
  readonly payload: string;
  readonly expect?: Partial<MessageView>;
  /** Decoding throws this. */
  readonly error?: string;
  /** The decoder returns no pack. */
  readonly dropped?: true;
  readonly logged?: readonly string[];
}

const S = ValueType.STRING;
const sec = (iso: string): bigint => BigInt(Date.parse(iso)) * 1_000_000n;

export const REGEX_CASES: readonly RegexCase[] = [
  { name: 'named captures become string fields through message_fields', section: "match_regex = '^(?P<Status>\\d+) (?P<Path>\\S+)'\n[r.message_fields]\nStatus = \"%Status%\"\n\"Path|uri\" = \"%Path%\"", payload: '200 /index', expect: { fields: [['Status', S, '', ['200']], ['Path', S, 'uri', ['/index']]] } },
  { name: 'unnamed groups by number', section: "match_regex = '(\\w+)-(\\w+)'\n[r.message_fields]\nPair = \"%2%/%1%\"", payload: 'a-b', expect: { fields: [['Pair', S, '', ['b/a']]] } },
  { name: 'unknown names become <name>; % alone stays', section: "match_regex = '(\\w+)'\n[r.message_fields]\nx = \"%nope% 100% %1%\"", payload: 'v', expect: { fields: [['x', S, '', ['<nope> 100% v']]] } },
  { name: 'a group that did not take part is empty', section: "match_regex = '(a)?(b)'\n[r.message_fields]\nx = \"[%1%]\"", payload: 'b', expect: { fields: [['x', S, '', ['[]']]] } },
  { name: 'headers from captures; Pid keeps its integer part', section: "match_regex = '(?P<h>\\S+) (?P<p>\\S+) (?P<m>.*)'\n[r.message_fields]\nHostname = \"%h%\"\nPid = \"%p%\"\nPayload = \"%m%\"\nType = \"t\"", payload: 'web 42.7 hello', expect: { hostname: 'web', pid: 42, payload: 'hello', type: 't' } },
  { name: 'captures only: headers are not interpolated', section: "match_regex = '(x)'\n[r.message_fields]\nl = \"%Logger%\"", payload: 'x', expect: { fields: [['l', S, '', ['<Logger>']]] } },
  { name: 'no message_fields: only Timestamp and Severity act', section: "match_regex = '(?P<Severity>\\d)'", payload: '3', expect: { severity: 3 } },
  { name: 'Severity through severity_map, and consumed', section: "match_regex = '(?P<Severity>\\w+)'\n[r.severity_map]\nerror = 3\n[r.message_fields]\ns = \"%Severity%\"", payload: 'error', expect: { severity: 3, fields: [['s', S, '', ['<Severity>']]] } },
  { name: 'an unknown Severity is logged, the message passes', section: "match_regex = '(?P<Severity>\\w+)'", payload: 'loud', expect: {}, logged: ["r: Don't recognize severity: 'loud'"] },
  { name: 'Timestamp with its layout', section: "match_regex = '\\[(?P<Timestamp>[^\\]]+)\\]'\ntimestamp_layout = '02/Jan/2006:15:04:05 -0700'", payload: '[17/Nov/2014:11:23:45 +0100]', expect: { timestamp: sec('2014-11-17T10:23:45Z') } },
  { name: 'Timestamp in timestamp_location', section: "match_regex = '(?P<Timestamp>.+)'\ntimestamp_layout = '2006-01-02 15:04:05'\ntimestamp_location = 'America/New_York'", payload: '2015-07-05 10:00:00', expect: { timestamp: sec('2015-07-05T14:00:00Z') } },
  { name: 'Timestamp falls back to the standard layouts', section: "match_regex = '(?P<Timestamp>.+)'\ntimestamp_layout = '2006'", payload: '2014-11-17T11:23:45.5Z', expect: { timestamp: sec('2014-11-17T11:23:45Z') + 500_000_000n } },
  { name: 'Timestamp stays a capture', section: "match_regex = '(?P<Timestamp>\\d+)'\ntimestamp_layout = 'Epoch'\n[r.message_fields]\nts = \"%Timestamp%\"", payload: '1416223425', expect: { timestamp: 1_416_223_425_000_000_000n, fields: [['ts', S, '', ['1416223425']]] } },
  { name: 'Epoch with a decimal point, exactly', section: "match_regex = '(?P<Timestamp>\\S+)'\ntimestamp_layout = 'Epoch'", payload: '1416223425.123456789', expect: { timestamp: 1_416_223_425_123_456_789n } },
  { name: 'EpochMilli', section: "match_regex = '(?P<Timestamp>\\S+)'\ntimestamp_layout = 'EpochMilli'", payload: '1416223425123', expect: { timestamp: 1_416_223_425_123_000_000n } },
  { name: 'EpochMicro with a fraction', section: "match_regex = '(?P<Timestamp>\\S+)'\ntimestamp_layout = 'EpochMicro'", payload: '1416223425123456.7', expect: { timestamp: 1_416_223_425_123_456_700n } },
  { name: 'EpochNano', section: "match_regex = '(?P<Timestamp>\\S+)'\ntimestamp_layout = 'EpochNano'", payload: '1416223425123456789', expect: { timestamp: 1_416_223_425_123_456_789n } },
  { name: 'an unreadable Timestamp is logged and the timestamp kept', section: "match_regex = '(?P<Timestamp>.+)'\ntimestamp_layout = '2006-01-02'", payload: 'yesterday', expect: {}, logged: ["r: Don't recognize Timestamp: 'yesterday'"] },
  { name: 'no match is a decode failure', section: "match_regex = '^(\\d+)$'", payload: 'abc', error: 'No match: abc' },
  { name: 'no match with log_errors = false: dropped quietly', section: "match_regex = '^(\\d+)$'\nlog_errors = false", payload: 'abc', dropped: true },
  { name: 'a bad Pid fails the decode', section: "match_regex = '(\\w+)'\n[r.message_fields]\nPid = \"%1%\"", payload: 'abc', error: 'message_fields Pid: strconv.ParseInt: parsing "abc": invalid syntax' },
  { name: 'Uuid from a capture', section: "match_regex = '(\\S+)'\n[r.message_fields]\nUuid = \"%1%\"", payload: '0a0b0c0d-0e0f-1011-1213-141516171819', expect: { uuid: '0a0b0c0d-0e0f-1011-1213-141516171819' } },
  { name: 'Go syntax: \\pL, non-greedy, (?i)', section: "match_regex = '(?i)^(?P<w>\\pL+?)X'\n[r.message_fields]\nw = \"%w%\"", payload: 'éaxbx', expect: { fields: [['w', S, '', ['éa']]] } },
];

/** Sections refused at load: [key, message]. */
export const REGEX_REFUSED: readonly { readonly section: string; readonly error: string }[] = [
  { section: "match_regex = 'abc'", error: '[r].match_regex: match_regex must contain at least one capture group' },
  { section: "match_regex = '(?P<x>a'", error: '[r].match_regex: ' },
  { section: "match_regex = '(a)'\ntimestamp_location = 'Mars/Olympus'", error: '[r].timestamp_location: unknown time zone Mars/Olympus' },
  { section: '', error: '[r].match_regex: `match_regex` setting is required' },
];
