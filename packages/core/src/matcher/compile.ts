// Turns a parsed matcher into one predicate, built once from closures specialised per node and
// operator, with literal parts prepared in advance. Evaluation follows Heka 0.10 (spec §2.3).
import { ValueType, type Field, type FieldValue } from '../message/field.js';
import type { Message } from '../message/message.js';
import { utf8DecodeLossy, utf8Encode } from '../message/utf8.js';
import type { FieldOperand, FieldRef, MatcherNode, NumericVariable, RegexLiteral, RegexOp, RelationalOp, StringVariable } from './ast.js';
import { compareBytes, compareCodePoints, equalBytes, nativeOrderIsExact } from './go-strings.js';

export type Predicate = (msg: Message) => boolean;

const TRUE: Predicate = () => true;
const FALSE: Predicate = () => false;

/** true or false when `predicate` is a constant (TRUE, FALSE, or folded to one), else undefined. */
export function constantOf(predicate: Predicate): boolean | undefined {
  return predicate === TRUE ? true : predicate === FALSE ? false : undefined;
}

export function compileNode(node: MatcherNode): Predicate {
  switch (node.kind) {
    case 'const':
      return node.value ? TRUE : FALSE;
    case 'and':
    case 'or':
      return logical(node.kind, compileNode(node.left), compileNode(node.right));
    case 'stringCompare':
      return stringVariable(node.variable, stringComparison(node.op, node.value).str);
    case 'stringMatch':
      return stringVariable(node.variable, regexTest(node.regex, node.op).str);
    case 'numericCompare':
      return numericVariable(node.variable, numericComparison(node.op, node.value));
    case 'fieldTest':
      return fieldTest(node.field, node.op, node.operand);
  }
}

/** Short-circuit && and ||; constant operands fold away (tests have no side effects). */
function logical(kind: 'and' | 'or', left: Predicate, right: Predicate): Predicate {
  const absorbing = kind === 'and' ? FALSE : TRUE;
  const neutral = kind === 'and' ? TRUE : FALSE;
  if (left === absorbing || right === absorbing) return absorbing;
  if (left === neutral) return right;
  if (right === neutral) return left;
  return kind === 'and' ? (m) => left(m) && right(m) : (m) => left(m) || right(m);
}

// One closure literal per variable, so each call site sees a single getter.
function stringVariable(variable: StringVariable, test: (s: string) => boolean): Predicate {
  switch (variable) {
    case 'Type': return (m) => test(m.type);
    case 'Logger': return (m) => test(m.logger);
    case 'Payload': return (m) => test(m.payload);
    case 'Hostname': return (m) => test(m.hostname);
    case 'EnvVersion': return (m) => test(m.envVersion);
    case 'Uuid': return (m) => test(m.uuidString);
  }
}

/** Numeric variables compare as float64, like Go's float64(msg.GetTimestamp()). */
function numericVariable(variable: NumericVariable, test: (n: number) => boolean): Predicate {
  switch (variable) {
    case 'Severity': return (m) => test(m.severity);
    case 'Pid': return (m) => test(m.pid);
    case 'Timestamp': return (m) => test(Number(m.timestamp));
  }
}

function numericComparison(op: RelationalOp, x: number): (n: number) => boolean {
  switch (op) {
    case '==': return (n) => n === x;
    case '!=': return (n) => n !== x;
    case '>': return (n) => n > x;
    case '>=': return (n) => n >= x;
    case '<': return (n) => n < x;
    case '<=': return (n) => n <= x;
  }
}

/** A test on a string value, given as a JS string or as raw bytes (Go sees both as bytes). */
interface TextTest {
  readonly str: (s: string) => boolean;
  readonly bytes: (b: Uint8Array) => boolean;
}

function stringComparison(op: RelationalOp, literal: string): TextTest {
  const lb = utf8Encode(literal);
  const byOrder = (holds: (c: number) => boolean): TextTest => ({
    str: nativeOrderIsExact(literal) ? nativeRelation(op, literal) : (s) => holds(compareCodePoints(s, literal)),
    bytes: (b) => holds(compareBytes(b, lb)),
  });
  switch (op) {
    case '==': return { str: (s) => s === literal, bytes: (b) => equalBytes(b, lb) };
    case '!=': return { str: (s) => s !== literal, bytes: (b) => !equalBytes(b, lb) };
    case '>': return byOrder((c) => c > 0);
    case '>=': return byOrder((c) => c >= 0);
    case '<': return byOrder((c) => c < 0);
    case '<=': return byOrder((c) => c <= 0);
  }
}

function nativeRelation(op: RelationalOp, literal: string): (s: string) => boolean {
  switch (op) {
    case '>': return (s) => s > literal;
    case '>=': return (s) => s >= literal;
    case '<': return (s) => s < literal;
    case '<=': return (s) => s <= literal;
    default: return (s) => s === literal;
  }
}

/** Regex match anywhere; a pattern that is a plain (anchored) string skips the regex engine. */
function regexTest(regex: RegexLiteral, op: RegexOp): TextTest {
  const { literal, source, flags } = regex.translation;
  let test: (s: string) => boolean;
  if (literal) {
    const { text, anchoredStart, anchoredEnd } = literal;
    if (anchoredStart && anchoredEnd) test = (s) => s === text;
    else if (anchoredStart) test = (s) => s.startsWith(text);
    else if (anchoredEnd) test = (s) => s.endsWith(text);
    else test = (s) => s.includes(text);
  } else {
    const re = new RegExp(source, flags);
    test = (s) => re.test(s);
  }
  const str = op === '=~' ? test : (s: string) => !test(s);
  return { str, bytes: (b) => str(utf8DecodeLossy(b)) };
}

function fieldFinder(name: string, fieldIndex: number): (fields: Field[]) => Field | undefined {
  if (fieldIndex === 0) {
    return (fields) => {
      for (let i = 0; i < fields.length; i++) if (fields[i]!.name === name) return fields[i];
      return undefined;
    };
  }
  return (fields) => {
    let seen = 0;
    for (let i = 0; i < fields.length; i++) if (fields[i]!.name === name && seen++ === fieldIndex) return fields[i];
    return undefined;
  };
}

/** A test on one value of a field, by the field's value type. */
type ValueTest = (type: number, v: FieldValue) => boolean;

const isNumeric = (t: number): boolean => t === ValueType.INTEGER || t === ValueType.DOUBLE;
const isText = (t: number): boolean => t === ValueType.STRING || t === ValueType.BYTES;

/** A string-ish value through a TextTest; other types per Heka: numbers false, BOOL "is false" (Q2). */
function textValueTest(t: TextTest): ValueTest {
  return (type, v) => {
    if (isText(type)) return typeof v === 'string' ? t.str(v) : t.bytes(v as Uint8Array);
    return type === ValueType.BOOL && v === false;
  };
}

function valueTest(op: RelationalOp | RegexOp, operand: FieldOperand): ValueTest {
  switch (operand.kind) {
    case 'nil': {
      const present = op === '!=';
      return (type) => type <= ValueType.BOOL && present;
    }
    case 'number': {
      const cmp = numericComparison(op as RelationalOp, operand.value);
      return (type, v) => (isNumeric(type) ? cmp(Number(v)) : type === ValueType.BOOL && v === false);
    }
    case 'string':
      return textValueTest(stringComparison(op as RelationalOp, operand.value));
    case 'regex':
      return textValueTest(regexTest(operand.regex, op as RegexOp));
    case 'bool': {
      // Only `==` parses. A string field compares with the literal's text "TRUE" / "FALSE".
      const text = stringComparison('==', operand.value ? 'TRUE' : 'FALSE');
      const want = operand.value;
      return (type, v) => {
        if (isText(type)) return typeof v === 'string' ? text.str(v) : text.bytes(v as Uint8Array);
        return type === ValueType.BOOL && v === want;
      };
    }
  }
}

/**
 * Fields[name][fi][ai] op operand. A missing field or element satisfies only `== NIL`.
 * Number operands (the common `Fields[status] >= 500`) get a closure of their own.
 */
function fieldTest(ref: FieldRef, op: RelationalOp | RegexOp, operand: FieldOperand): Predicate {
  const find = fieldFinder(ref.name, ref.fieldIndex);
  const ai = ref.arrayIndex;
  if (operand.kind === 'number') {
    const cmp = numericComparison(op as RelationalOp, operand.value);
    return (m) => {
      const f = find(m.fields);
      if (f === undefined) return false;
      const v = f.values[ai];
      if (v === undefined) return false;
      const type = f.valueType;
      if (type === ValueType.INTEGER || type === ValueType.DOUBLE) return cmp(Number(v));
      return type === ValueType.BOOL && v === false;
    };
  }
  const missing = operand.kind === 'nil' && op === '==';
  const test = valueTest(op, operand);
  return (m) => {
    const f = find(m.fields);
    if (f === undefined) return missing;
    const v = f.values[ai];
    return v === undefined ? missing : test(f.valueType, v);
  };
}
