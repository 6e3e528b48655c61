// MultiDecoder (plugins §5.3): a MultiDecoder section over the subs below, a payload, and what
// comes out: the decoded message (only the parts that change), the error thrown, and what is logged.
import { ValueType } from '@heka/core';
import type { MessageView } from './decoder-harness.js';

/** The sub sections every case can name. */
export const SUB_SECTIONS = `
[a]
type = "PayloadRegexDecoder"
match_regex = '^a (?P<X>\\w+)'
[a.message_fields]
Type = "A"
X = "%X%"

[b]
type = "PayloadRegexDecoder"
match_regex = '^(a|b) (?P<Y>\\w+)'
[b.message_fields]
Type = "B"
Y = "%Y%"

[quiet]
type = "PayloadRegexDecoder"
match_regex = '^q (?P<Q>\\w+)'
log_errors = false
[quiet.message_fields]
Type = "Q"

[stamp]
type = "ScribbleDecoder"
[stamp.message_fields]
Env = "prod"
`;

export interface MultiCase {
  readonly name: string;
  /** TOML lines after `type = "MultiDecoder"`. */
  readonly section: string;
  readonly payload: string;
  readonly expect?: Partial<MessageView>;
  readonly error?: string;
  readonly logged?: readonly string[];
  /** ProcessMessageCount-<sub> and ProcessMessageFailures-<sub> after the one decode. */
  readonly counts?: Readonly<Record<string, [number, number]>>;
}

const S = ValueType.STRING;

export const MULTI_CASES: readonly MultiCase[] = [
  { name: 'first-wins: the first sub that decodes wins', section: 'subs = ["a", "b"]', payload: 'a one', expect: { type: 'A', fields: [['X', S, '', ['one']]] }, counts: { a: [1, 0], b: [0, 0] } },
  { name: 'first-wins: a failing sub hands over to the next', section: 'subs = ["a", "b"]', payload: 'b two', expect: { type: 'B', fields: [['Y', S, '', ['two']]] }, counts: { a: [1, 1], b: [1, 0] } },
  { name: 'first-wins is the default', section: 'subs = ["b", "a"]', payload: 'a one', expect: { type: 'B', fields: [['Y', S, '', ['one']]] } },
  { name: 'first-wins: a sub returning nothing has not decoded it', section: 'subs = ["quiet", "b"]', payload: 'b two', expect: { type: 'B', fields: [['Y', S, '', ['two']]] }, counts: { quiet: [1, 0], b: [1, 0] } },
  { name: 'first-wins: none decodes', section: 'subs = ["a", "quiet"]', payload: 'zzz', error: 'All subdecoders failed.', counts: { a: [1, 1], quiet: [1, 0] } },
  {
    name: 'first-wins: sub errors logged with log_sub_errors', section: 'subs = ["a", "b"]\nlog_sub_errors = true', payload: 'zzz', error: 'All subdecoders failed.',
    logged: ["m: Subdecoder 'a' decode error: No match: zzz", "m: Subdecoder 'b' decode error: No match: zzz"],
  },
  { name: 'first-wins: not logged by default', section: 'subs = ["a", "b"]', payload: 'b x', expect: { type: 'B', fields: [['Y', S, '', ['x']]] }, logged: [] },
  { name: 'all: each sub decodes the result of the ones before', section: 'subs = ["a", "stamp"]\ncascade_strategy = "all"', payload: 'a one', expect: { type: 'A', fields: [['X', S, '', ['one']], ['Env', S, '', ['prod']]] } },
  { name: 'all: every sub runs even after one succeeded', section: 'subs = ["a", "b"]\ncascade_strategy = "all"', payload: 'a one', expect: { type: 'B', fields: [['X', S, '', ['one']], ['Y', S, '', ['one']]] }, counts: { a: [1, 0], b: [1, 0] } },
  { name: 'all: a failing sub passes the message on unchanged', section: 'subs = ["a", "b"]\ncascade_strategy = "all"', payload: 'b two', expect: { type: 'B', fields: [['Y', S, '', ['two']]] }, counts: { a: [1, 1], b: [1, 0] } },
  { name: 'all: a sub returning nothing passes it on too', section: 'subs = ["quiet", "stamp"]\ncascade_strategy = "all"', payload: 'x', expect: { fields: [['Env', S, '', ['prod']]] } },
  {
    name: 'all: fails only when no sub succeeded', section: 'subs = ["a", "quiet"]\ncascade_strategy = "all"\nlog_sub_errors = true', payload: 'zzz', error: 'All subdecoders failed.',
    logged: ["m: Subdecoder 'a' decode error: No match: zzz"],
  },
  { name: 'all: the last sub failing is fine', section: 'subs = ["stamp", "a"]\ncascade_strategy = "all"', payload: 'zzz', expect: { fields: [['Env', S, '', ['prod']]] }, counts: { stamp: [1, 0], a: [1, 1] } },
  { name: 'a MultiDecoder as a sub', section: 'subs = ["inner", "stamp"]\ncascade_strategy = "all"\n[inner]\ntype = "MultiDecoder"\nsubs = ["a", "b"]', payload: 'b two', expect: { type: 'B', fields: [['Y', S, '', ['two']], ['Env', S, '', ['prod']]] } },
  { name: 'the same section twice is two instances', section: 'subs = ["stamp", "stamp"]\ncascade_strategy = "all"', payload: 'x', expect: { fields: [['Env', S, '', ['prod']], ['Env', S, '', ['prod']]] } },
];

/** MultiDecoder sections refused at load (the subs above exist); hints are tested in core. */
export const MULTI_REFUSED: readonly { readonly section: string; readonly error: string }[] = [
  { section: '', error: '[m].subs: `subs` setting is required' },
  { section: 'subs = []', error: '[m].subs: subs must name at least one decoder section' },
  { section: 'subs = ["a", "c"]', error: '[m].subs: no decoder section named c' },
  { section: 'subs = ["RstEncoder"]', error: '[m].subs: no decoder section named RstEncoder' },
  { section: 'subs = ["a"]\ncascade_strategy = "any"', error: '[m].cascade_strategy: expected one of "first-wins", "all", got string "any"' },
  { section: 'subs = ["m"]', error: '[m].subs: circular dependency detected: m → m' },
  { section: 'subs = ["n"]\n[n]\ntype = "MultiDecoder"\nsubs = ["a", "m"]', error: '[m].subs: circular dependency detected: m → n → m' },
];
