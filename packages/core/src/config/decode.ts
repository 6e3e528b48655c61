// Decodes a raw TOML table against a schema: keys matched case-insensitively (as Heka's Go
// decoder does), every problem collected as an issue, defaults filled in, result frozen.
import { INVALID, type ConfigValues, type Cursor, type DefaultContext, type Invalid, type ConfigSchema, type TableOptions } from './fields.js';
import { IssueCode, formatKeyPath, type ConfigIssue, type IssueSeverity, type KeyPath } from './issues.js';
import { didYouMean } from './suggest.js';

export interface IssueLocation {
  readonly file?: string;
  readonly line?: number;
}

/** What is being decoded and where its problems go. */
export interface DecodeTarget {
  /** Section name, the `[name]` of every issue. */
  readonly section: string;
  readonly context: DefaultContext;
  /** Message for an unknown key (given the key path as written, e.g. `buffering.max_size`). */
  readonly unknownKeyMessage: (keyPath: string) => string;
  /** Hint for an unknown key when no known key is close to it. */
  readonly unknownKeyHint: string;
  /** File and line of a key path, when known. */
  readonly locate?: (path: KeyPath) => IssueLocation | undefined;
}

interface State {
  readonly target: DecodeTarget;
  readonly issues: ConfigIssue[];
}

function decodeTable(schema: ConfigSchema, raw: Readonly<Record<string, unknown>>, cursor: Cursor, state: State, options: TableOptions): Record<string, unknown> | Invalid {
  const names = Object.keys(schema);
  const byLower = new Map(names.map((n) => [n.toLowerCase(), n]));
  const givenAs = new Map<string, string>();
  const out: Record<string, unknown> = {};
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    const name = Object.hasOwn(schema, key) ? key : byLower.get(key.toLowerCase());
    const at = cursor.at(key);
    if (name === undefined) {
      const keyPath = formatKeyPath(undefined, at.path);
      const nested = cursor.path.length > 0;
      const hint = didYouMean(key, names) ?? (nested ? `remove it; the settings here are ${names.join(', ')}` : state.target.unknownKeyHint);
      if (options.unknownKeys === 'error') {
        at.report(IssueCode.UnknownKey, (options.unknownKeyMessage ?? state.target.unknownKeyMessage)(keyPath), hint);
        ok = false;
      } else {
        at.report(IssueCode.IgnoredKey, `ignored: not a setting Heka knows here`, hint, 'warning');
      }
      continue;
    }
    const earlier = givenAs.get(name);
    if (earlier !== undefined) {
      at.report(IssueCode.DuplicateKey, `"${key}" and "${earlier}" are the same setting (keys are matched case-insensitively)`, 'keep only one of them');
      ok = false;
      continue;
    }
    givenAs.set(name, key);
    const decoded = schema[name]!.decode(value, at);
    if (decoded === INVALID) ok = false;
    else out[name] = decoded;
  }
  for (const name of names) {
    if (givenAs.has(name)) continue;
    const field = schema[name]!;
    if (field.required) {
      const problem = field.missingProblem(name, cursor.context);
      cursor.at(name).report(IssueCode.Required, problem.message, problem.hint);
      ok = false;
      continue;
    }
    out[name] = field.defaultValue(cursor.context);
  }
  return ok ? Object.freeze(out) : INVALID;
}

function makeCursor(path: KeyPath, state: State): Cursor {
  const cursor: Cursor = {
    path,
    context: state.target.context,
    at: (part) => makeCursor([...path, part], state),
    report(code: string, message: string, hint?: string, severity: IssueSeverity = 'error') {
      const location = state.target.locate?.(path);
      state.issues.push({ severity, code, section: state.target.section, path, message, ...(hint ? { hint } : {}), ...location });
    },
    decodeTable: (schema, raw, options) => decodeTable(schema, raw, cursor, state, options),
  };
  return cursor;
}

/**
 * Decodes one section strictly. Problems are appended to `issues`; the result is the frozen, fully
 * defaulted values, or undefined when any error was found.
 */
export function decodeSection<S extends ConfigSchema>(schema: S, raw: Readonly<Record<string, unknown>>, target: DecodeTarget, issues: ConfigIssue[]): ConfigValues<S> | undefined {
  const state: State = { target, issues };
  const decoded = decodeTable(schema, raw, makeCursor([], state), state, { unknownKeys: 'error' });
  return decoded === INVALID ? undefined : (decoded as ConfigValues<S>);
}

/** A raw key of a section, matched case-insensitively. */
export function givenKey(raw: Readonly<Record<string, unknown>>, key: string): unknown {
  if (Object.hasOwn(raw, key)) return raw[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(raw)) if (k.toLowerCase() === lower) return v;
  return undefined;
}
