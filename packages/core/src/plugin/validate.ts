// Validates a whole loaded configuration against a registry: [hekad], every plugin section, the
// default instances and the references between sections. Every problem is collected.
import {
  IssueCode,
  closest,
  decodeGlobals,
  defaultGlobals,
  distinctErrors,
  mergeConfigFiles,
  parseConfigFile,
  type ConfigIssue,
  type HekadGlobals,
  type LoadOptions,
  type LoadedConfig,
} from '../config/index.js';
import { orderDependents } from './dependencies.js';
import { LOAD_ORDER } from './family.js';
import { DEFAULT_INSTANCES, HEKA_0_10_TYPES } from './heka-types.js';
import { badTypeValue, decodeInstance, reporter, typeKeyOf, type MatcherCheck, type PluginInstance, type SectionInput } from './instance.js';
import { checkReferences, type ResolvedSection } from './references.js';
import type { Registry } from './registry.js';

/** Heka's words when there is nothing to run. */
export const EMPTY_CONFIGURATION = 'Empty configuration, exiting.';

export interface ValidateOptions {
  /** Parses message_matcher expressions (a HekaError for invalid ones); without it they are not parsed. */
  readonly checkMatcher?: MatcherCheck | undefined;
}

export interface ValidatedConfig {
  readonly globals: HekadGlobals;
  /**
   * Valid instances in force, in Heka's load order (decoders, encoders, splitters, inputs, filters,
   * outputs); within a family, instances built from others (MultiDecoder) last, dependencies first.
   */
  readonly plugins: readonly PluginInstance[];
  /** Errors and warnings in the order found. */
  readonly issues: readonly ConfigIssue[];
  /** Distinct error lines (Heka counts an identical error once). */
  readonly errors: readonly string[];
  readonly ok: boolean;
}

function resolveType(section: SectionInput, registry: Registry, issues: ConfigIssue[]): ResolvedSection | undefined {
  const report = reporter(section, issues);
  const typeKey = typeKeyOf(section.table);
  const type = typeKey === undefined ? section.name : section.table[typeKey];
  if (typeof type !== 'string') {
    const { message, hint } = badTypeValue(type);
    report([typeKey!], IssueCode.WrongType, message, hint);
    return undefined;
  }
  const plugin = registry.get(type);
  if (plugin) return { section, plugin };
  const near = closest(type, registry.types());
  let hint = HEKA_0_10_TYPES.has(type)
    ? `${type} is a Heka 0.10 plugin that this release does not provide yet`
    : near !== undefined ? `did you mean "${near}"?` : 'see docs/plugins for the plugin types this hekad provides';
  if (typeKey === undefined && section.name.toLowerCase() === 'hekad') hint = 'the global section is spelled [hekad], in lower case';
  else if (typeKey === undefined) hint += ' (a section without a type setting uses its name as the type)';
  report(typeKey === undefined ? [] : [typeKey], IssueCode.UnknownType, `No registered plugin type: ${type}`, hint);
  return undefined;
}

/** Issues sorted by where they are, so a config can be fixed top to bottom; unplaced ones last. */
function inFileOrder(issues: readonly ConfigIssue[], files: readonly string[]): ConfigIssue[] {
  const rank = (i: ConfigIssue): [number, number] => {
    const file = i.file === undefined ? -1 : files.indexOf(i.file);
    return [file < 0 ? files.length : file, i.line ?? Number.MAX_SAFE_INTEGER];
  };
  return [...issues].sort((a, b) => {
    const [fa, la] = rank(a);
    const [fb, lb] = rank(b);
    return fa - fb || la - lb;
  });
}

function byLoadOrder(a: ResolvedSection, b: ResolvedSection): number {
  return LOAD_ORDER.indexOf(a.plugin.family) - LOAD_ORDER.indexOf(b.plugin.family);
}

export function validateConfig(loaded: LoadedConfig, registry: Registry, options: ValidateOptions = {}): ValidatedConfig {
  const issues: ConfigIssue[] = [...loaded.issues];
  const globals = decodeGlobals(loaded.hekad?.table, issues, loaded.hekad?.locate) ?? defaultGlobals();
  const done = (plugins: PluginInstance[]): ValidatedConfig => {
    const ordered = inFileOrder(issues, loaded.files);
    const errors = distinctErrors(ordered);
    return { globals, plugins, issues: ordered, errors, ok: errors.length === 0 };
  };

  if (loaded.sections.length === 0) {
    issues.push({ severity: 'error', code: IssueCode.Empty, path: [], message: EMPTY_CONFIGURATION, hint: `define at least one plugin section in ${loaded.path}` });
    return done([]);
  }

  // Types first, in file order, as Heka's pre-load reports them; then each family in load order.
  const inForce = loaded.sections.map((s) => resolveType(s, registry, issues)).filter((r) => r !== undefined);
  const replaced = loaded.replaced.map((s) => resolveType(s, registry, issues)).filter((r) => r !== undefined);
  const names = new Set(loaded.sections.map((s) => s.name));
  const defaults: ResolvedSection[] = DEFAULT_INSTANCES.filter((type) => !names.has(type) && registry.has(type))
    .map((type) => ({ section: { name: type, table: {} }, plugin: registry.get(type)! }));

  const plugins: PluginInstance[] = [];
  for (const { section, plugin } of [...replaced].sort(byLoadOrder)) {
    decodeInstance(section, plugin, globals, issues, options);
  }
  for (const { section, plugin } of [...inForce, ...defaults].sort(byLoadOrder)) {
    const isDefault = defaults.some((d) => d.section === section);
    const instance = decodeInstance(section, plugin, globals, issues, { ...options, isDefault });
    if (instance) plugins.push(instance);
  }
  checkReferences([...inForce, ...defaults], globals, registry, issues);
  return done(orderDependents(plugins, [...inForce, ...defaults], registry, issues));
}

/**
 * Validates TOML text as a one-file configuration (tests, tools checking a snippet). %ENV or TOML
 * problems throw a ConfigFileError as loading a file does.
 */
export function validateConfigText(text: string, registry: Registry, options: ValidateOptions & LoadOptions & { readonly file?: string } = {}): ValidatedConfig {
  const file = options.file ?? 'hekad.toml';
  return validateConfig(mergeConfigFiles(file, [parseConfigFile(file, text, options)]), registry, options);
}
