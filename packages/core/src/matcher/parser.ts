// Parser for Heka 0.10's matcher grammar (spec §2.2). Heka used a yacc (LALR) parser; this
// recursive descent parser accepts the same token sequences and, like an LR parser, fails on the
// first token that cannot continue a valid expression, so the reported position is the same.
// `&&` binds tighter than `||`, both associate left; `spec := expr | spec expr` (quirk Q1).
import type { FieldOperand, MatcherNode, RelationalOp, RegexOp } from './ast.js';
import { MatcherSyntaxError } from './errors.js';
import { Lexer, type Token, type Truncation } from './lexer.js';

export interface ParsedMatcher {
  /** The expression that is evaluated: the last of the juxtaposed top-level expressions. */
  readonly root: MatcherNode;
  /** Top-level expressions written one after another without && or || (Heka keeps only the last). */
  readonly juxtaposed: number;
  /** Where and why the lexer stopped before the end of the text (quirk Q4). */
  readonly truncation: Truncation | undefined;
  /** Number tokens that are not numbers and read as 0 (quirk Q3). */
  readonly badNumbers: readonly string[];
}

const RELATIONAL = new Set<string>(['==', '!=', '>', '>=', '<', '<=']);
const REGEX_OPS = new Set<string>(['=~', '!~']);
const STRING_OPS = new Set<string>([...RELATIONAL, ...REGEX_OPS]);
const CLOSE = new Set<string>([')']);
const EXPR_START = new Set<string>(['(', 'TRUE', 'FALSE', 'stringVar', 'numericVar', 'field']);

export function parseMatcher(expression: string): ParsedMatcher {
  return new Parser(expression).spec();
}

class Parser {
  private readonly lexer: Lexer;
  private tok: Token;

  constructor(private readonly expression: string) {
    this.lexer = new Lexer(expression);
    this.tok = this.lexer.next();
  }

  /** Consumes the current token (already checked by the caller) and reads the next one. */
  private advance(): void {
    this.tok = this.lexer.next();
  }

  /** The current token's kind if `ok` accepts it (then consumed); otherwise the parse fails here. */
  private accept<K extends string>(ok: ReadonlySet<string>): K {
    const kind = this.tok.kind;
    if (!ok.has(kind)) this.fail();
    this.advance();
    return kind as K;
  }

  private fail(): never {
    throw new MatcherSyntaxError(this.expression, this.lexer.sym, this.lexer.pos);
  }

  spec(): ParsedMatcher {
    let root = this.or();
    let juxtaposed = 1;
    while (this.tok.kind !== 'eof') {
      if (!EXPR_START.has(this.tok.kind)) this.fail();
      root = this.or();
      juxtaposed++;
    }
    return { root, juxtaposed, truncation: this.lexer.truncation, badNumbers: this.lexer.badNumbers };
  }

  private or(): MatcherNode {
    let left = this.and();
    while (this.tok.kind === '||') {
      this.advance();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): MatcherNode {
    let left = this.primary();
    while (this.tok.kind === '&&') {
      this.advance();
      left = { kind: 'and', left, right: this.primary() };
    }
    return left;
  }

  // Each token is checked before the next one is read: an error must leave the lexer where
  // Heka's did, right after the offending token.
  private primary(): MatcherNode {
    const t = this.tok;
    switch (t.kind) {
      case '(': {
        this.advance();
        const inner = this.or();
        this.accept(CLOSE);
        return inner;
      }
      case 'TRUE':
      case 'FALSE':
        this.advance();
        return { kind: 'const', value: t.kind === 'TRUE' };
      case 'stringVar': {
        this.advance();
        const op = this.accept<RelationalOp | RegexOp>(STRING_OPS);
        const value = this.tok;
        if (value.kind === 'string' && RELATIONAL.has(op)) {
          this.advance();
          return { kind: 'stringCompare', variable: t.name, op: op as RelationalOp, value: value.value };
        }
        if (value.kind === 'regex' && REGEX_OPS.has(op)) {
          this.advance();
          return { kind: 'stringMatch', variable: t.name, op: op as RegexOp, regex: value.regex };
        }
        return this.fail();
      }
      case 'numericVar': {
        this.advance();
        const op = this.accept<RelationalOp>(RELATIONAL);
        const value = this.tok;
        if (value.kind !== 'number') return this.fail();
        this.advance();
        return { kind: 'numericCompare', variable: t.name, op, value: value.value };
      }
      case 'field': {
        this.advance();
        const op = this.accept<RelationalOp | RegexOp>(STRING_OPS);
        const operand = fieldOperand(op, this.tok) ?? this.fail();
        this.advance();
        return { kind: 'fieldTest', field: { name: t.name, fieldIndex: t.fieldIndex, arrayIndex: t.arrayIndex }, op, operand };
      }
    }
    return this.fail();
  }
}

/** The operand a Fields test may take after `op`, or undefined when the grammar forbids it. */
function fieldOperand(op: string, value: Token): FieldOperand | undefined {
  if (RELATIONAL.has(op)) {
    if (value.kind === 'number') return { kind: 'number', value: value.value };
    if (value.kind === 'string') return { kind: 'string', value: value.value };
  }
  if (op === '==' && (value.kind === 'TRUE' || value.kind === 'FALSE')) return { kind: 'bool', value: value.kind === 'TRUE' };
  if ((op === '==' || op === '!=') && value.kind === 'NIL') return { kind: 'nil' };
  if (REGEX_OPS.has(op) && value.kind === 'regex') return { kind: 'regex', regex: value.regex };
  return undefined;
}
