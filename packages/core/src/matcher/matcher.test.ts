import { Field, ValueType, type FieldValue } from '../message/field.js';
import { Message } from '../message/message.js';
import { hekaTestMessage } from '../testing/heka-test-message.js';
import { compileMatcher, MatcherSyntaxError } from './index.js';
import { ALL_CASES, HEKA_FALSE, HEKA_MUST_FAIL, HEKA_TRUE, OWN_CASES, SPEC_EXTRA, type CaseMessage, type MatcherCase } from './matcher.cases.js';

const field = (name: string, valueType: ValueType, values: FieldValue[], representation = ''): Field =>
  new Field({ name, valueType, values, representation });

/** Heka's message plus fields for our own cases. */
function extendedMessage(): Message {
  const msg = hekaTestMessage();
  msg.fields.push(
    field('name with spaces', ValueType.STRING, ['spaced']),
    field('it\'s "quoted"', ValueType.STRING, ['q']),
    field('raw', ValueType.BYTES, [new Uint8Array([0xff, 0x61])]),
    field('bin', ValueType.STRING, [new Uint8Array([0x61, 0xff])]),
    field('emoji', ValueType.STRING, ['😀']),
    field('private', ValueType.STRING, ['\uE000']),
    field('big', ValueType.INTEGER, [2n ** 53n + 1n]),
    field('flag', ValueType.BOOL, [false]),
    field('multi', ValueType.INTEGER, [1n, 2n, 3n]),
  );
  return msg;
}

const MESSAGES: Record<CaseMessage, Message> = { heka: hekaTestMessage(), noSeverity: hekaTestMessage({ withSeverity: false }), extended: extendedMessage() };

function expressionOf(c: MatcherCase): string {
  return c.expr.replace('${uuid}', MESSAGES[c.message ?? 'heka'].uuidString);
}

function thrown(f: () => unknown): MatcherSyntaxError {
  try { f(); } catch (e) { return e as MatcherSyntaxError; }
  throw new Error('expected a throw');
}

describe('the conformance table', () => {
  it('holds Heka\'s rows and the spec\'s extras', () => {
    expect(HEKA_MUST_FAIL).toHaveLength(24);
    expect(HEKA_FALSE).toHaveLength(34);
    expect(HEKA_TRUE).toHaveLength(50);
    expect(SPEC_EXTRA).toHaveLength(5);
    expect(OWN_CASES.length).toBeGreaterThan(50);
  });
});

describe('compileMatcher', () => {
  it.each(ALL_CASES.map((c) => [JSON.stringify(c.expr), c] as const))('%s', (_, c) => {
    const expr = expressionOf(c);
    if (typeof c.want === 'boolean') {
      expect(compileMatcher(expr).match(MESSAGES[c.message ?? 'heka'])).toBe(c.want);
    } else {
      const e = thrown(() => compileMatcher(expr));
      expect(e).toBeInstanceOf(MatcherSyntaxError);
      expect(e.message).toBe(`syntax error: last token: ${c.want.lastToken} pos: ${c.want.pos}`);
    }
  });

  it.each([
    ['TRUE', true], ['FALSE', false], ['TRUE || Type == "x"', true], ['FALSE && Type == "x"', false],
    ['Type == "x" && TRUE', undefined], ['Type == "x"', undefined],
  ] as const)('says %s is constant: %s', (expr, constant) => {
    expect(compileMatcher(expr).constant).toBe(constant);
  });

  it.each([
    ['TRUE', true], ['Type == "x" && Logger =~ /a/', true], ['Hostname != "h" || Severity < 4', true],
    ['Timestamp > 0 && EnvVersion == ""', true], ['Pid == 1', true],
    ['Payload =~ /x/', false], ['Uuid != ""', false], ['Fields[a] == 1', false], ['Type == "x" && Fields[a] == NIL', false],
    ['Type == "x" || Payload == "y"', false],
  ] as const)('says whether %s reads headers only: %s', (expr, headersOnly) => {
    expect(compileMatcher(expr).headersOnly).toBe(headersOnly);
  });
});

describe('MatcherSyntaxError', () => {
  it('is a HekaError with the position, the last token and a hint', () => {
    const e = thrown(() => compileMatcher("Type = 'test'"));
    expect(e.code).toBe('HEKA_MATCHER_SYNTAX');
    expect(e.exitCode).toBe(1);
    expect({ position: e.position, lastToken: e.lastToken, expression: e.expression }).toEqual({ position: 7, lastToken: 'Type', expression: "Type = 'test'" });
    expect(e.hint).toBe('the expression stops making sense at byte 7: "Type = " <- here');
  });

  it('points out that a newline ends the expression', () => {
    expect(thrown(() => compileMatcher("Type == 'a' ||\nType == 'b'")).hint).toMatch(/ends at the first newline/);
  });
});

describe('warnings', () => {
  it('is empty for an ordinary expression', () => {
    expect(compileMatcher("Type == 'nginx.access' && Fields[status] >= 500\n").warnings).toEqual([]);
  });

  it('names text Heka ignores, juxtaposed expressions and bad numbers', () => {
    expect(compileMatcher("TRUE\n|| Type == 'x'").warnings).toEqual(['everything from byte 5 is ignored (newline): "|| Type == \'x\'"']);
    expect(compileMatcher("TRUE Bogus == 'x'").warnings).toEqual(['everything from byte 5 is ignored (unknown variable Bogus): "Bogus == \'x\'"']);
    expect(compileMatcher('TRUE /(?=b)/').warnings[0]).toMatch(/^everything from byte 5 is ignored \(error parsing regexp: invalid or unsupported Perl syntax/);
    expect(compileMatcher('TRUE FALSE').warnings).toEqual(['2 expressions follow each other without && or ||; only the last one is used']);
    expect(compileMatcher('Severity == 1-2').warnings).toEqual(['"1-2" is not a number; it is read as 0']);
  });
});

describe('evaluation details', () => {
  it('compares timestamps as float64', () => {
    const msg = new Message({ timestamp: 2n ** 53n + 1n });
    expect(compileMatcher('Timestamp == 9007199254740992').match(msg)).toBe(true);
  });

  it('reads a matcher once and matches many messages', () => {
    const m = compileMatcher("Type == 'nginx.access' && Fields[status] >= 500");
    const msg = (type: string, status: FieldValue, valueType: ValueType = ValueType.INTEGER): Message =>
      new Message({ type, fields: [field('status', valueType, [status])] });
    expect(m.expression).toBe("Type == 'nginx.access' && Fields[status] >= 500");
    expect(m.match(msg('nginx.access', 503n))).toBe(true);
    expect(m.match(msg('nginx.access', 404n))).toBe(false);
    expect(m.match(msg('nginx.access', 500.5, ValueType.DOUBLE))).toBe(true);
    expect(m.match(msg('nginx.access', '503', ValueType.STRING))).toBe(false);
    expect(m.match(msg('nginx.error', 503n))).toBe(false);
    expect(m.match(new Message({ type: 'nginx.access' }))).toBe(false);
  });

  it('treats unset header strings as empty', () => {
    const msg = new Message();
    expect(compileMatcher("Type == '' && Logger == '' && Uuid == '' && Pid == 0 && Severity == 7").match(msg)).toBe(true);
  });
});
