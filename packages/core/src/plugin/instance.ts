// One plugin section → one validated instance: type lookup, common options and the plugin's own
// options decoded strictly together, matcher presence and syntax, then the rules.
import {
  IssueCode,
  decodeSection,
  describeValue,
  givenKey,
  type ConfigIssue,
  type DefaultContext,
  type HekadGlobals,
  type IssueLocation,
  type IssueSeverity,
  type KeyPath,
} from '../config/index.js';
import { isHekaError } from '../errors/heka-error.js';
import type { AnyPlugin, CommonOf, ConfigOf } from './define.js';
import type { Family } from './family.js';
import { ruleProblems, type RuleContext, type RuleResult } from './rules.js';

export interface PluginInstance<P extends AnyPlugin = AnyPlugin> {
  readonly name: string;
  readonly type: string;
  readonly family: Family;
  readonly plugin: P;
  /** The plugin's own options, defaulted and frozen. */
  readonly config: ConfigOf<P>;
  /** The family's common options, defaulted and frozen. */
  readonly common: CommonOf<P>;
  /** Where the section is; undefined for a default instance. */
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** Created without a section, as Heka creates ProtobufDecoder, TokenSplitter, … */
  readonly isDefault: boolean;
}

/** A plugin section as validation needs it (a loaded ConfigSection, or an empty one for a default instance). */
export interface SectionInput {
  readonly name: string;
  readonly table: Readonly<Record<string, unknown>>;
  readonly file?: string;
  readonly line?: number;
  locate?(path: KeyPath): IssueLocation;
}

/** Parses a message_matcher: throws a HekaError when it is invalid, returns warnings for likely mistakes. */
export type MatcherCheck = (expression: string) => readonly string[] | void;

export interface InstanceOptions {
  readonly checkMatcher?: MatcherCheck | undefined;
  readonly isDefault?: boolean;
}

export function reporter(section: SectionInput, issues: ConfigIssue[]) {
  return (path: KeyPath, code: string, message: string, hint?: string, severity: IssueSeverity = 'error'): void => {
    issues.push({ severity, code, section: section.name, path, message, ...(hint ? { hint } : {}), ...(section.locate?.(path) ?? { file: section.file }) });
  };
}

/** The `type` key as written (matched case-insensitively), if any. */
export function typeKeyOf(table: Readonly<Record<string, unknown>>): string | undefined {
  return Object.keys(table).find((k) => k.toLowerCase() === 'type');
}

/** Parses a given message_matcher, when a matcher compiler is available. */
function checkMatcherSyntax(section: SectionInput, rest: Readonly<Record<string, unknown>>, options: InstanceOptions, issues: ConfigIssue[]): void {
  const key = Object.keys(rest).find((k) => k.toLowerCase() === 'message_matcher');
  const expression = key === undefined ? undefined : rest[key];
  if (!options.checkMatcher || typeof expression !== 'string' || expression === '') return;
  const report = reporter(section, issues);
  try {
    for (const warning of options.checkMatcher(expression) ?? []) report([key!], IssueCode.MatcherWarning, warning, undefined, 'warning');
  } catch (e) {
    if (!isHekaError(e)) throw e;
    report([key!], e.code, e.message, e.hint);
  }
}

function runRules(section: SectionInput, results: readonly RuleResult[], issues: ConfigIssue[]): boolean {
  const report = reporter(section, issues);
  let ok = true;
  for (const result of results) {
    for (const problem of ruleProblems(result)) {
      const path = problem.key === undefined ? [] : typeof problem.key === 'string' ? [problem.key] : problem.key;
      report(path, IssueCode.BadValue, problem.message, problem.hint);
      ok = false;
    }
  }
  return ok;
}

/**
 * Validates one section of a known plugin type. Every problem goes to `issues`; the instance comes
 * back only when there were none.
 */
export function decodeInstance(
  section: SectionInput,
  plugin: AnyPlugin,
  globals: HekadGlobals,
  issues: ConfigIssue[],
  options: InstanceOptions = {},
): PluginInstance | undefined {
  const { name } = section;
  const { type, family } = plugin;
  const typeKey = typeKeyOf(section.table);
  const rest = Object.fromEntries(Object.entries(section.table).filter(([k]) => k !== typeKey));
  const context: DefaultContext = { name, globals, given: (key) => givenKey(rest, key) };
  const errorsBefore = issues.filter((i) => i.severity === 'error').length;

  checkMatcherSyntax(section, rest, options, issues);

  const values = decodeSection({ ...plugin.commonFields, ...plugin.config }, rest, {
    section: name,
    context,
    unknownKeyMessage: (key) => `unknown config setting for '${name}': ${key}`,
    unknownKeyHint: `remove it; the settings ${type} accepts are listed in docs/plugins/${family}/${type}.md`,
    ...(section.locate ? { locate: (path: KeyPath) => section.locate!(path) } : {}),
  }, issues);
  if (values === undefined) return undefined;

  const common: Record<string, unknown> = {};
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) (Object.hasOwn(plugin.commonFields, key) ? common : config)[key] = value;
  Object.freeze(common);
  Object.freeze(config);

  const ruleContext: RuleContext = { name, type, globals, common, given: context.given };
  const rulesOk = runRules(section, [
    ...plugin.commonRules.map((rule) => rule(common, ruleContext)),
    ...(plugin.rules ?? []).map((rule) => rule(config, ruleContext)),
  ], issues);
  const errorsAfter = issues.filter((i) => i.severity === 'error').length;
  if (!rulesOk || errorsAfter > errorsBefore) return undefined;

  return Object.freeze({
    name,
    type,
    family,
    plugin,
    config: config as ConfigOf<AnyPlugin>,
    common: common as CommonOf<AnyPlugin>,
    file: section.file,
    line: section.line,
    isDefault: options.isDefault === true,
  });
}

/** The message for a `type` value that is not a string. */
export function badTypeValue(value: unknown): { message: string; hint: string } {
  return { message: `expected a string, got ${describeValue(value)}`, hint: 'write type = "LogstreamerInput" (a plugin type name)' };
}
