// The matcher conformance table: Heka 0.10's own cases (spec §2.4), the extra cases the spec
// derives from Heka's source, and ours. Expected errors are worked out from Heka's lexer: the last
// identifier/number/string/regex read, and the byte offset reached (one rune of look-ahead).

/**
 * Which message a case runs against: 'heka' is Heka's test message (spec §2.4); 'noSeverity' is
 * the same without a severity; 'extended' adds the fields listed in matcher.test.ts after Heka's.
 */
export type CaseMessage = 'heka' | 'noSeverity' | 'extended';

export interface HekaSyntaxError {
  readonly lastToken: string;
  readonly pos: number;
}

export interface MatcherCase {
  /** `${uuid}` stands for the message's uuid string. */
  readonly expr: string;
  /** true/false: parses and evaluates to this; otherwise the syntax error Heka reports. */
  readonly want: boolean | HekaSyntaxError;
  readonly message?: CaseMessage;
  readonly why?: string;
}

const fails = (expr: string, lastToken: string, pos: number, why: string): MatcherCase => ({ expr, want: { lastToken, pos }, why });

/** Heka's "must fail to parse" list (24). */
export const HEKA_MUST_FAIL: readonly MatcherCase[] = [
  fails('', '', 0, 'no expression'),
  fails('bogus', '', 1, 'lowercase token'),
  fails("Type = 'test'", 'Type', 7, 'lone ='),
  fails("Pid == 'test='", 'test=', 14, 'string on numeric var'),
  fails("Type == 'test' && (Severity==7 || Payload == 'Test Payload'", 'Test Payload', 59, 'missing )'),
  fails("Invalid == 'bogus'", 'Invalid', 8, 'unknown variable'),
  fails('Fields[]', 'Fields', 8, 'empty name'),
  fails('Fields[test][]', 'Fields', 14, 'empty field index'),
  fails('Fields[test][a]', 'Fields', 14, 'non-numeric field index'),
  fails('Fields[test][0][]', 'Fields', 17, 'empty array index'),
  fails('Fields[test][0][a]', 'Fields', 17, 'non-numeric array index'),
  fails('Fields[test][0][0][]', 'Fields', 19, '4th dimension'),
  fails('Fields[test][xxxx', 'Fields', 14, 'unmatched bracket'),
  fails('Pid =~ /6/', 'Pid', 6, 'regex on numeric'),
  fails('Pid !~ /6/', 'Pid', 6, 'regex on numeric'),
  fails('Type =~ /test', 'test', 13, 'unterminated regex'),
  fails('Type == /test/', 'test', 14, '== with regex'),
  fails("Type =~ 'test'", 'test', 14, '=~ with string'),
  fails('Type =~ /\\ytest/', '\\ytest', 16, 'invalid RE2 escape'),
  fails("Type != 'test\"", 'test"', 14, 'mismatched quotes'),
  fails('Pid =~ 6', 'Pid', 6, 'number instead of regex'),
  fails('NIL', 'NIL', 3, 'bare constant'),
  fails('Type == NIL', 'NIL', 11, 'NIL only for Fields'),
  fails('Fields[test] > NIL', 'NIL', 18, 'NIL only with ==/!='),
];

/** Heka's "must parse and evaluate FALSE" list (34). */
export const HEKA_FALSE: readonly MatcherCase[] = [
  'FALSE',
  "Type == 'test'&&(Severity==7||Payload=='Test Payload')",
  "EnvVersion == '0.9'",
  "EnvVersion != '0.8'",
  "EnvVersion > '0.9'",
  "EnvVersion >= '0.9'",
  "EnvVersion < '0.8'",
  "EnvVersion <= '0.7'",
  'Severity == 5',
  'Severity != 6',
  'Severity < 6',
  'Severity <= 5',
  'Severity > 6',
  'Severity >= 7',
  "Fields[foo] == 'ba'",
  "Fields[foo][1] == 'bar'",
  "Fields[foo][0][1] == 'bar'",
  'Fields[bool] == FALSE',
  'Type =~ /Test/',
  'Type !~ /TEST/',
  'Payload =~ /^Payload/',
  'Type == "te\'st"',
  "Type == 'te\"st'",
  'Fields[int] =~ /999/',
  'Fields[zero] == "0"',
  'Fields[string] == 43',
  'Fields[int] == NIL',
  'Fields[int][0][1] == NIL',
  'Fields[missing] != NIL',
  'Type =~ /^te/',
  'Type =~ /st$/',
  'Type !~ /^TE/',
  'Type !~ /ST$/',
  'Logger =~ /./ && Type =~ /^anything/',
].map((expr) => ({ expr, want: false }));

/** Heka's "must parse and evaluate TRUE" list (50, one listed twice upstream). */
export const HEKA_TRUE: readonly MatcherCase[] = [
  'TRUE',
  "(Severity == 7 || Payload == 'Test Payload') && Type == 'TEST'",
  'EnvVersion == "0.8"',
  "EnvVersion == '0.8'",
  "EnvVersion != '0.9'",
  "EnvVersion > '0.7'",
  "EnvVersion >= '0.8'",
  "EnvVersion < '0.9'",
  "EnvVersion <= '0.8'",
  "Hostname != ''",
  "Logger == 'GoSpec'",
  'Pid != 0',
  'Severity != 5',
  'Severity < 7',
  'Severity <= 6',
  'Severity == 6',
  'Severity > 5',
  'Severity >= 6',
  'Timestamp > 0',
  "Type != 'test'",
  "Type == 'TEST' && Severity == 6",
  "Type == 'test' && Severity == 7 || Payload == 'Test Payload'",
  "Type == 'TEST'",
  "Type == 'foo' || Type == 'bar' || Type == 'TEST'",
  "Uuid == '${uuid}'",
  "Fields[foo] == 'bar'",
  "Fields[foo][0] == 'bar'",
  "Fields[foo][0][0] == 'bar'",
  "Fields[foo][1] == 'alternate'",
  "Fields[foo][1][0] == 'alternate'",
  "Fields[foo] == 'bar'",
  "Fields[bytes] == 'data'",
  'Fields[int] == 999',
  'Fields[int][0][1] == 1024',
  'Fields[double] == 99.9',
  'Fields[bool] == TRUE',
  'Type =~ /TEST/',
  'Type !~ /bogus/',
  'Type =~ /TEST/ && Payload =~ /Payload/',
  'Fields[foo][1] =~ /alt/',
  'Fields[Payload] =~ /name=\\w+/',
  'Type =~ /(ST)/',
  'Fields[int] != NIL',
  'Fields[int][0][1] != NIL',
  'Fields[int][0][2] == NIL',
  'Fields[missing] == NIL',
  'Type =~ /^TE/',
  'Type =~ /ST$/',
  'Type !~ /^te/',
  'Type !~ /st$/',
].map((expr) => ({ expr, want: true }));

/** The spec's "extra cases derived from the source" (5). */
export const SPEC_EXTRA: readonly MatcherCase[] = [
  { expr: 'TRUE FALSE', want: false, why: 'Q1: only the last juxtaposed expression counts' },
  { expr: "Fields[bool] != 'x'", want: false, why: 'Q2: any other test on a BOOL field is "value is false"' },
  { expr: 'Fields[foo] == TRUE', want: false, why: 'a string field compares with the text "TRUE"' },
  { expr: 'Severity == 7', want: true, message: 'noSeverity', why: 'unset severity reads as 7' },
  { expr: 'TRUE\n|| junk', want: true, why: 'Q4: a newline ends the expression' },
];

const ext = (expr: string, want: boolean, why: string): MatcherCase => ({ expr, want, message: 'extended', why });
const t = (expr: string, why: string): MatcherCase => ({ expr, want: true, why });
const f = (expr: string, why: string): MatcherCase => ({ expr, want: false, why });

/** Our own edge cases. */
export const OWN_CASES: readonly MatcherCase[] = [
  // lexing
  fails('TRUE\r', 'TRUE', 5, '\\r is not whitespace'),
  fails("Type == 'TEST'\r", 'TEST', 15, '\\r is not whitespace'),
  t("\tType\t==\t'TEST'\t", 'tab is whitespace'),
  t("Type=='TEST'", 'no spaces needed'),
  fails("Type == 'TEST' x", 'TEST', 16, 'a stray lowercase letter'),
  fails("Type == 'é' x", 'é', 14, 'positions count UTF-8 bytes'),
  fails('Severity == -1', 'Severity', 13, 'no negative literals'),
  fails('-1 == Severity', '', 1, 'variables go on the left'),
  fails('Severity == 6 )', '6', 15, 'unbalanced )'),
  fails('(TRUE FALSE)', 'FALSE', 12, 'no juxtaposition inside parentheses'),
  fails("Type == 'TEST' NIL", 'NIL', 18, 'NIL cannot start an expression'),
  fails('TRUE | FALSE', 'TRUE', 7, 'lone |'),
  fails("Type == 'TEST' || bogus", 'TEST', 19, 'illegal token after ||'),
  fails('Fields[test]', 'Fields', 12, 'a field alone is no test'),
  fails("Fields[foo] =~ 'x'", 'x', 18, '=~ needs a regex'),
  fails('Fields[foo] < TRUE', 'TRUE', 18, 'TRUE/FALSE only with =='),
  fails('Fields[foo] != TRUE', 'TRUE', 19, 'TRUE/FALSE only with =='),
  fails("Fields[a]b] == 'x'", 'Fields', 10, 'the name ends at the first ]'),
  fails('Type =~ /(?<=x)/', '(?<=x)', 16, 'no lookbehind in RE2: the regex fails to lex'),
  fails("Type == 'TEST' &&\nTRUE", 'TEST', 18, 'a newline ends the expression, even mid-way'),
  fails('Fields[a][99999999999999999999] == NIL', 'Fields', 32, 'a field index beyond int64 fails to lex'),
  t('TRUE Bogus == \'x\'', 'Q4: an unknown identifier ends the expression'),
  f('FALSE Bogus', 'Q4'),
  t("Type == 'TEST'\nTRUE && FALSE", 'Q4: text after a newline is ignored'),
  t("Type == 'TEST'\n", 'a trailing newline is harmless'),
  t('TRUE\u0000FALSE', 'NUL ends the expression like a newline'),
  f('TRUE =(FALSE)', 'a lone = yields the next rune as the token: TRUE (FALSE)'),
  t('TRUE =', 'a lone = at the end reads as end of input'),
  t('TRUE &', 'a lone & at the end reads as end of input'),
  t('TRUE || FALSE FALSE || TRUE', 'Q1'),
  f('FALSE TRUE && FALSE', 'Q1: the last expression is TRUE && FALSE'),
  t('TRUE && FALSE || TRUE', '&& binds tighter'),
  t('TRUE || FALSE && FALSE', '&& binds tighter'),
  f('(TRUE || FALSE) && FALSE', 'parentheses group'),
  t("((Type == 'TEST'))", 'nested parentheses'),
  // strings
  t("Type != 'TE\\ST'", 'a backslash before another character stays'),
  t("Type == 'TE\\'ST' || Type == 'TEST'", 'escaped quote'),
  t("Type != 'TE\\\nST'", 'after a backslash the lexer reads past the newline'),
  t('Type == "TEST"', 'double quotes'),
  t("EnvVersion < '0.8.1'", 'byte-wise string order'),
  // numbers
  f('Fields[number] == 1-2', 'Q3: an unparsable number is 0'),
  t('Fields[zero] == 1-2', 'Q3: an unparsable number is 0'),
  t('Severity > 6e', 'Q3: 6e is 0'),
  t('Fields[number] == 6.4e1 && Fields[number] == 64. && Fields[double] < 1e2', 'float syntax'),
  t('Fields[double] == .999e2', 'a leading dot starts a number'),
  t('Severity == 6E', 'E is not part of a number: `E` is an unknown identifier that ends the expression'),
  t('Timestamp > 1e18', 'timestamps compare as float64'),
  // regexes
  t('Fields[Payload] !~ /\\//', '\\/ is a slash'),
  t('Type =~ /\\/|TEST/', '\\/ is a slash'),
  t('Uuid =~ /^[0-9a-f]{8}-[0-9a-f]{4}-4/', 'uuid string form'),
  t('Type =~ /(?i)^test$/', 'flags'),
  t('Type =~ /(?P<t>TEST)/', 'named group'),
  t('Type =~ /(?<t>TEST)/', 'named group, Go 1.22 syntax'),
  t('Fields[Timestamp] =~ /2006$/', 'a field named like a variable'),
  t('Hostname =~ /./', 'hostname is set'),
  // fields
  t('Fields[bytes] =~ /^da/ && Fields[bytes] =~ /at/', 'regex on a BYTES field'),
  t("Fields[bytes] > 'dat' && Fields[bytes] < 'datb'", 'BYTES compare as strings'),
  f('Fields[bytes] == 100', 'a number never equals a string field'),
  f('Fields[bytes] != 100', 'not even with !='),
  f("Fields[number] == '64'", 'a string never equals a number field'),
  f("Fields[number] != '64'", 'not even with !='),
  f('Fields[number] =~ /6/', 'regexes never match number fields'),
  f('Fields[number] == TRUE', 'TRUE never equals a number field'),
  t("Fields[string] == '43' && Fields[string] > '4'", 'string field'),
  t('Fields[double] >= 99.9 && Fields[double] < 100', 'double field'),
  t('Fields[foo] != NIL && Fields[bool] != NIL', 'present fields are != NIL'),
  f('Fields[bool] == NIL', 'a present BOOL field is not NIL'),
  f("Fields[missing] != 'x'", 'a missing field fails every test but == NIL'),
  f('Fields[missing] < 1', 'a missing field fails every test but == NIL'),
  t('Fields[foo][2] == NIL', 'only two fields are called foo'),
  t("Fields[foo][01] == 'alternate'", 'leading zeros in an index'),
  t('Fields[int][1] == NIL', 'one field called int'),
  t("Fields[a[b] == NIL", 'a [ inside the name is part of it'),
  fails('Fields[bool] != FALSE', 'FALSE', 21, 'TRUE/FALSE only with =='),
  f('Fields[bool] > 5', 'Q2: value is true, so "value is false" is false'),
  ext("Fields[name with spaces] == 'spaced'", true, 'a name may hold spaces'),
  ext('Fields[it\'s "quoted"] == \'q\'', true, 'a name may hold quotes'),
  ext('Fields[flag] == FALSE && Fields[flag] > 5 && Fields[flag] =~ /x/', true, 'Q2 on a false BOOL: any other test is true'),
  ext("Fields[flag] != 'x'", true, 'Q2'),
  ext("Fields[raw] != 'a' && Fields[raw] > 'z'", true, 'BYTES that are not UTF-8 compare byte by byte'),
  ext('Fields[raw] =~ /a$/', true, 'invalid UTF-8 reads as U+FFFD for regexes'),
  ext("Fields[bin] > 'a' && Fields[bin] < 'b'", true, 'a STRING value that is not UTF-8 compares byte by byte'),
  ext("Fields[emoji] > '\uE000'", true, 'Go byte order: U+1F600 sorts after U+E000 (JS code units would not)'),
  ext("Fields[private] < '😀'", true, 'Go byte order'),
  ext('Fields[big] == 9007199254740992', true, 'INTEGER compares as float64: 2^53+1 rounds to 2^53'),
  ext('Fields[multi][0][2] == 3 && Fields[multi][0][3] == NIL', true, 'array index'),
];

/** Everything, in table order. */
export const ALL_CASES: readonly MatcherCase[] = [...HEKA_MUST_FAIL, ...HEKA_FALSE, ...HEKA_TRUE, ...SPEC_EXTRA, ...OWN_CASES];
