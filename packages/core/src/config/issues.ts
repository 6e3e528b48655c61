// A config problem found while validating: where it is, what is wrong, how to fix it. Validation
// collects every issue before reporting, so a user fixes a whole config in one pass.

export type IssueSeverity = 'error' | 'warning';

/** A key path inside a section: names for table keys, numbers for array items. */
export type KeyPath = readonly (string | number)[];

export interface ConfigIssue {
  readonly severity: IssueSeverity;
  /** Stable identifier, `HEKA_<THING>_<PROBLEM>`. */
  readonly code: string;
  /** The section (plugin instance name, or `hekad`); absent for whole-config problems. */
  readonly section?: string;
  readonly path: KeyPath;
  /** What is wrong. Heka's own wording where users grep for it. */
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  readonly file?: string;
  readonly line?: number;
}

export const IssueCode = {
  UnknownKey: 'HEKA_CONFIG_UNKNOWN_KEY',
  IgnoredKey: 'HEKA_CONFIG_IGNORED_KEY',
  DuplicateKey: 'HEKA_CONFIG_DUPLICATE_KEY',
  WrongType: 'HEKA_CONFIG_WRONG_TYPE',
  BadValue: 'HEKA_CONFIG_BAD_VALUE',
  Required: 'HEKA_CONFIG_REQUIRED',
  NotASection: 'HEKA_CONFIG_NOT_A_SECTION',
  SectionReplaced: 'HEKA_CONFIG_SECTION_REPLACED',
  Empty: 'HEKA_CONFIG_EMPTY',
  UnknownType: 'HEKA_PLUGIN_UNKNOWN_TYPE',
  MissingMatcher: 'HEKA_PLUGIN_MISSING_MATCHER',
  BadMatcher: 'HEKA_MATCHER_SYNTAX',
  MatcherWarning: 'HEKA_MATCHER_SUSPICIOUS',
  UndefinedReference: 'HEKA_PLUGIN_UNDEFINED_REFERENCE',
  CircularDependency: 'HEKA_PLUGIN_CIRCULAR_DEPENDENCY',
} as const;

/** `[section].key.sub[2]`, or `` when the issue concerns the whole config. */
export function formatKeyPath(section: string | undefined, path: KeyPath): string {
  let out = section === undefined ? '' : `[${section}]`;
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}

/** One line: `file:line: [section].key: message — hint` (parts that are unknown are left out). */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.file === undefined ? '' : issue.line === undefined ? `${issue.file}: ` : `${issue.file}:${issue.line}: `;
  const key = formatKeyPath(issue.section, issue.path);
  const severity = issue.severity === 'warning' ? 'warning: ' : '';
  const hint = issue.hint ? ` — ${issue.hint}` : '';
  return `${severity}${where}${key === '' ? '' : `${key}: `}${issue.message}${hint}`;
}

/**
 * Errors counted as Heka counts them: an identical message is counted once. Returns the distinct
 * formatted error lines in first-seen order.
 */
export function distinctErrors(issues: readonly ConfigIssue[]): string[] {
  const seen = new Set<string>();
  for (const issue of issues) if (issue.severity === 'error') seen.add(formatIssue(issue));
  return [...seen];
}
