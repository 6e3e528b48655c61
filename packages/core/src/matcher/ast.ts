// The parsed message matcher expression (Heka 0.10 grammar, spec §2.2).
import type { GoRegexpTranslation } from '../regex/go-regexp.js';

export type StringVariable = 'Uuid' | 'Type' | 'Logger' | 'Payload' | 'EnvVersion' | 'Hostname';
export type NumericVariable = 'Timestamp' | 'Severity' | 'Pid';
export type RelationalOp = '==' | '!=' | '>' | '>=' | '<' | '<=';
export type RegexOp = '=~' | '!~';

export interface RegexLiteral {
  /** The pattern as Go saw it (after `\/` → `/`). */
  readonly pattern: string;
  readonly translation: GoRegexpTranslation;
}

/** `Fields[name][fieldIndex][arrayIndex]`; missing indexes are 0. */
export interface FieldRef {
  readonly name: string;
  readonly fieldIndex: number;
  readonly arrayIndex: number;
}

/** What a field is tested against. TRUE/FALSE keep their text: string fields compare with it. */
export type FieldOperand =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'regex'; readonly regex: RegexLiteral }
  | { readonly kind: 'nil' };

export type MatcherNode =
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'and' | 'or'; readonly left: MatcherNode; readonly right: MatcherNode }
  | { readonly kind: 'stringCompare'; readonly variable: StringVariable; readonly op: RelationalOp; readonly value: string }
  | { readonly kind: 'stringMatch'; readonly variable: StringVariable; readonly op: RegexOp; readonly regex: RegexLiteral }
  | { readonly kind: 'numericCompare'; readonly variable: NumericVariable; readonly op: RelationalOp; readonly value: number }
  | { readonly kind: 'fieldTest'; readonly field: FieldRef; readonly op: RelationalOp | RegexOp; readonly operand: FieldOperand };
