// definePlugin: a plugin's type, family, summary and options declared once. The config type,
// defaults, strict validation, docs and conformance checks are all derived from it.
import {
  f,
  isConfigField,
  type AnyConfigField,
  type Computed,
  type ConfigField,
  type ConfigSchema,
  type ConfigValues,
  type HekadGlobals,
} from '../config/index.js';
import { commonFields, commonRules, type CommonConfigOf, type CommonFieldsOf } from './common-fields.js';
import { FAMILY_SUFFIX, UNRECOGNIZED_CATEGORY, familyOfType, type Family } from './family.js';
import type { Rule } from './rules.js';
import { noTickerWithoutTimer } from './ticker-rule.js';

/** A plugin's override of a common option: a new default (partial for a group), or a whole new field. */
export type CommonOverride<F> = F extends ConfigField<infer T, boolean>
  ? T | Computed<T> | ConfigField<T, boolean> | (T extends readonly unknown[] ? never : T extends object ? Partial<T> : never)
  : never;

export type CommonOverrides<Fam extends Family> = {
  readonly [K in keyof CommonFieldsOf<Fam>]?: CommonOverride<CommonFieldsOf<Fam>[K]>;
};

/** What `create` gets besides the config; the pipeline will add what it provides at run time. */
export interface CreateContext {
  readonly name: string;
  readonly globals: HekadGlobals;
  /**
   * Where a plugin that prints (LogOutput) writes; a promise means "wait before writing more".
   * Absent: the process's stdout. The live view (-tui) passes its output pane instead.
   */
  readonly stdout?: (bytes: Uint8Array) => void | Promise<void>;
}

export interface PluginSpec<S extends ConfigSchema, Fam extends Family> {
  /** Heka's type name, verbatim (`LogstreamerInput`); its suffix must match the family. */
  readonly type: string;
  readonly family: Fam;
  /** One line for docs and listings. */
  readonly summary: string;
  /** Further paragraphs for the docs. */
  readonly description?: string;
  /** A working config for the docs (TOML, with any sections it refers to); the conformance test validates it. */
  readonly example?: string;
  /** The plugin's own options. */
  readonly config: S;
  /** Changes to the family's common options (TcpInput's `decoder` default, LogOutput's required `encoder`). */
  readonly common?: CommonOverrides<Fam>;
  /**
   * The option (a `[]string`) naming sections of the same family this instance is built from, as
   * MultiDecoder's `subs`: each must exist, they form no cycle, and such instances load after the
   * rest of their family, dependencies first.
   */
  readonly dependsOn?: keyof S & string;
  /**
   * Filters and outputs: the running plugin has a timerEvent, so `ticker_interval` means something.
   * Without it a non-zero ticker_interval is refused at load, as Heka refused it at start.
   */
  readonly timerEvent?: boolean;
  /** Cross-field checks, run when every option has a valid type. */
  readonly rules?: readonly Rule<ConfigValues<S>, CommonConfigOf<Fam>>[];
  /** Builds the running plugin; the pipeline defines what it returns. */
  readonly create?: (config: ConfigValues<S>, common: CommonConfigOf<Fam>, context: CreateContext) => unknown;
}

export interface PluginDefinition<S extends ConfigSchema = ConfigSchema, Fam extends Family = Family> extends PluginSpec<S, Fam> {
  /** The family's common options with this plugin's overrides applied. */
  readonly commonFields: ConfigSchema;
  /** The family's checks on the common options. */
  readonly commonRules: readonly Rule<Readonly<Record<string, unknown>>>[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any plugin, whatever its option types
export type AnyPlugin = Omit<PluginDefinition<any, any>, 'family'> & { readonly family: Family };

/** The decoded, defaulted, frozen config of a plugin: `ConfigOf<typeof FileOutput>`. */
export type ConfigOf<P> = P extends { readonly config: infer S extends ConfigSchema } ? ConfigValues<S> : never;
/** The decoded common options of a plugin's family. */
export type CommonOf<P> = P extends { readonly family: infer Fam extends Family } ? CommonConfigOf<Fam> : never;

function applyOverride(field: AnyConfigField, override: unknown): AnyConfigField {
  return isConfigField(override) ? override : field.withDefault(override);
}

/** Declarations are code: a mistake in one is a bug, reported as a plain Error with a stack. */
function assertDeclaration(condition: boolean, type: string, problem: string): asserts condition {
  if (!condition) throw new Error(`definePlugin(${JSON.stringify(type)}): ${problem}`);
}

export function definePlugin<const S extends ConfigSchema, const Fam extends Family>(spec: PluginSpec<S, Fam>): PluginDefinition<S, Fam> {
  const { type, family } = spec;
  const typeFamily = familyOfType(type);
  assertDeclaration(typeFamily !== undefined, type, `${UNRECOGNIZED_CATEGORY}: a type must end in Input, Splitter, Decoder, Filter, Encoder or Output`);
  assertDeclaration(typeFamily === family, type, `the type ends in ${FAMILY_SUFFIX[typeFamily]} but the family is "${family}"`);
  assertDeclaration(spec.summary.trim() !== '', type, 'a summary is required');

  const base: ConfigSchema = commonFields[family];
  const reserved = new Set(['type', ...Object.keys(base)].map((k) => k.toLowerCase()));
  const own = new Set<string>();
  for (const key of Object.keys(spec.config)) {
    const lower = key.toLowerCase();
    assertDeclaration(!reserved.has(lower), type, `"${key}" is a common ${family} option; override it with \`common\` instead`);
    assertDeclaration(!own.has(lower), type, `"${key}" is declared twice (keys match case-insensitively)`);
    own.add(lower);
  }

  if (spec.dependsOn !== undefined) {
    const field = spec.config[spec.dependsOn];
    assertDeclaration(field?.kind === 'array' && field.item?.kind === 'string', type, `dependsOn "${spec.dependsOn}" must be a []string option`);
  }

  const merged: Record<string, AnyConfigField> = { ...base };
  for (const [key, override] of Object.entries(spec.common ?? {})) {
    const field = base[key];
    assertDeclaration(field !== undefined, type, `common override "${key}" is not a common ${family} option`);
    merged[key] = applyOverride(field, override);
  }

  const consumes = family === 'filter' || family === 'output';
  const familyRules = commonRules[family] as readonly Rule<Readonly<Record<string, unknown>>>[];
  const needsTickerRule = consumes && spec.timerEvent !== true;
  if (needsTickerRule) {
    const tickerDefault = merged['ticker_interval']?.declaredDefault;
    assertDeclaration(tickerDefault === undefined || tickerDefault === 0, type, 'a ticker_interval default needs `timerEvent: true`');
    merged['ticker_interval'] = f.seconds({ default: 0, doc: `Must stay 0: ${type} has no timer event (Heka refused any other value).` });
  }
  return Object.freeze({
    ...spec,
    commonFields: Object.freeze(merged),
    commonRules: needsTickerRule ? [...familyRules, noTickerWithoutTimer] : familyRules,
  });
}
