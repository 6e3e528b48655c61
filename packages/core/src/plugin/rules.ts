// Cross-field checks: small named functions over a decoded section, run once its types are sound.
import type { HekadGlobals, KeyPath } from '../config/index.js';

export interface RuleContext<Common = Readonly<Record<string, unknown>>> {
  /** The section (instance) name. */
  readonly name: string;
  readonly type: string;
  readonly globals: HekadGlobals;
  /** The family's common options, decoded. */
  readonly common: Common;
  /** The raw value the user gave for a key (case-insensitive), to tell a default from a choice. */
  given(key: string): unknown;
}

export interface RuleProblem {
  /** The key the problem is about (`'translation'`, `['buffering', 'max_file_size']`); the section when absent. */
  readonly key?: string | KeyPath;
  readonly message: string;
  readonly hint?: string;
}

export type RuleResult = RuleProblem | readonly RuleProblem[] | undefined;
export type Rule<Config, Common = Readonly<Record<string, unknown>>> = (config: Config, context: RuleContext<Common>) => RuleResult;

export function ruleProblems(result: RuleResult): readonly RuleProblem[] {
  if (result === undefined) return [];
  return Array.isArray(result) ? (result as readonly RuleProblem[]) : [result as RuleProblem];
}
