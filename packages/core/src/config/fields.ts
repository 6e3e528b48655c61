// Field builders: a plugin (or the [hekad] section) declares each option once — type, default,
// doc, flags — and gets decoding, defaults, precise errors, the TypeScript type and docs from it.
import { RegexSyntaxError, translateGoRegexp } from '../regex/index.js';
import { parseGoDuration } from './duration.js';
import { describeValue, isTable, tomlLiteral } from './describe.js';
import { IssueCode, type IssueSeverity, type KeyPath } from './issues.js';
import type { HekadGlobals } from './globals.js';

export const INVALID: unique symbol = Symbol('heka.config.invalid');
export type Invalid = typeof INVALID;

const FIELD: unique symbol = Symbol('heka.config.field');
const COMPUTED: unique symbol = Symbol('heka.config.computed');

/** What a default that depends on the instance can look at. */
export interface DefaultContext {
  /** The section (plugin instance) name. */
  readonly name: string;
  readonly globals: HekadGlobals;
  /** The raw value given for a key of this section (matched case-insensitively), if any. */
  given(key: string): unknown;
}

/** A default worked out per instance (`differentiator` = [name]); `doc` is what the docs show. */
export interface Computed<T> {
  readonly [COMPUTED]: true;
  readonly compute: (context: DefaultContext) => T;
  readonly doc: string;
}

export function computed<T>(compute: (context: DefaultContext) => T, doc: string): Computed<T> {
  return { [COMPUTED]: true, compute, doc };
}

export function isComputed(value: unknown): value is Computed<unknown> {
  return typeof value === 'object' && value !== null && COMPUTED in value;
}

export interface TableOptions {
  /** Unknown keys: an error (strict decode) or a warning (Heka decodes `retries` loosely). */
  readonly unknownKeys: 'error' | 'warn';
  /** The message for an unknown key, given the key path as written. */
  readonly unknownKeyMessage?: (key: string) => string;
}

/** Where a value is being decoded; every problem is reported here and decoding goes on. */
export interface Cursor {
  readonly path: KeyPath;
  readonly context: DefaultContext;
  at(part: string | number): Cursor;
  report(code: string, message: string, hint?: string, severity?: IssueSeverity): void;
  decodeTable(schema: ConfigSchema, raw: Readonly<Record<string, unknown>>, options: TableOptions): Record<string, unknown> | Invalid;
}

export interface Problem {
  readonly message: string;
  readonly hint?: string;
  /** A warning keeps the value: for settings Heka accepts that are probably mistakes. */
  readonly severity?: IssueSeverity;
}

function asProblem(problem: Problem | string): Problem {
  return typeof problem === 'string' ? { message: problem } : problem;
}

export type ConfigFieldKind = 'string' | 'regexp' | 'bool' | 'int' | 'uint' | 'float' | 'oneOf' | 'duration' | 'array' | 'group' | 'map' | 'any';

/** Everything a field declares; builders fill the kind-specific parts. */
interface FieldSpec<T> {
  readonly kind: ConfigFieldKind;
  readonly typeName: string;
  readonly doc: string;
  readonly required: boolean;
  readonly optional: boolean;
  readonly secret: boolean;
  readonly advanced: boolean;
  readonly example: unknown;
  /** As declared: a value, a Computed, or undefined. A duration's is its Go string. */
  readonly declaredDefault: unknown;
  readonly zeroMeansDefault: boolean;
  readonly fields: ConfigSchema | undefined;
  readonly item: AnyConfigField | undefined;
  readonly loose: boolean;
  readonly keyDoc: string | undefined;
  decodeType(raw: unknown, cursor: Cursor): T | Invalid;
  check?(value: T, context: DefaultContext): Problem | string | undefined;
  missing?(context: DefaultContext): Problem;
  /** Declared default → value (durations parse, groups merge over their children). */
  toValue?(declared: unknown, context: DefaultContext): T;
}

export interface ConfigField<T = unknown, Optional extends boolean = boolean> {
  readonly [FIELD]: true;
  readonly kind: ConfigFieldKind;
  /** How the docs name the type: `string`, `uint (seconds)`, `[]string`, `"AND" | "OR"`. */
  readonly typeName: string;
  readonly doc: string;
  readonly required: boolean;
  readonly optional: Optional;
  readonly secret: boolean;
  readonly advanced: boolean;
  readonly example: unknown;
  readonly declaredDefault: unknown;
  /** The default as the docs show it: a TOML literal, or a computed default's description. */
  readonly defaultText: string | undefined;
  readonly zeroMeansDefault: boolean;
  /** A group's fields. */
  readonly fields: ConfigSchema | undefined;
  /** An array's item or a map's value. */
  readonly item: AnyConfigField | undefined;
  /** A group that ignores unknown keys (with a warning). */
  readonly loose: boolean;
  /** How the docs name a map's keys (`<signer>_<version>`). */
  readonly keyDoc: string | undefined;
  decode(raw: unknown, cursor: Cursor): T | Invalid;
  defaultValue(context: DefaultContext): T | undefined;
  /** The problem to report when this required field is absent. */
  missingProblem(key: string, context: DefaultContext): Problem;
  /** The same field with another default (a plugin overriding a common option). */
  withDefault(declared: unknown): ConfigField<T, Optional>;
  /** Phantom: carries T for type inference only. */
  readonly __value?: T;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a schema holds fields of any value type
export type AnyConfigField = ConfigField<any, boolean>;
export type ConfigSchema = Readonly<Record<string, AnyConfigField>>;

export type ConfigValueOf<F> = F extends ConfigField<infer T, infer O> ? (O extends true ? T | undefined : T) : never;
export type ConfigValues<S extends ConfigSchema> = { readonly [K in keyof S]: ConfigValueOf<S[K]> };

export function isConfigField(value: unknown): value is AnyConfigField {
  return typeof value === 'object' && value !== null && FIELD in value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function lastKey(path: KeyPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return 'value';
}

function makeField<T, O extends boolean = false>(spec: FieldSpec<T>): ConfigField<T, O> {
  const declared = spec.declaredDefault;
  const defaultText = isComputed(declared) ? declared.doc : declared === undefined ? undefined : tomlLiteral(declared);
  const field: ConfigField<T, O> = {
    [FIELD]: true,
    kind: spec.kind,
    typeName: spec.typeName,
    doc: spec.doc,
    required: spec.required,
    optional: spec.optional as O,
    secret: spec.secret,
    advanced: spec.advanced,
    example: spec.example,
    declaredDefault: spec.declaredDefault,
    defaultText,
    zeroMeansDefault: spec.zeroMeansDefault,
    fields: spec.fields,
    item: spec.item,
    loose: spec.loose,
    keyDoc: spec.keyDoc,
    decode(raw, cursor) {
      const value = spec.decodeType(raw, cursor);
      if (value === INVALID) return INVALID;
      if (spec.zeroMeansDefault && value === 0) return field.defaultValue(cursor.context) as T;
      const problem = spec.check?.(value, cursor.context);
      if (problem !== undefined) {
        const p = asProblem(problem);
        cursor.report(IssueCode.BadValue, p.message, p.hint, p.severity);
        if (p.severity !== 'warning') return INVALID;
      }
      return deepFreeze(value);
    },
    defaultValue(context) {
      const declared = isComputed(spec.declaredDefault) ? spec.declaredDefault.compute(context) : spec.declaredDefault;
      if (declared === undefined && spec.kind !== 'group') return undefined;
      return deepFreeze(spec.toValue ? spec.toValue(declared, context) : (declared as T));
    },
    missingProblem(key, context) {
      if (spec.missing) return spec.missing(context);
      return { message: `\`${key}\` setting is required`, hint: `add ${key} = ${spec.example === undefined ? '…' : tomlLiteral(spec.example)}` };
    },
    withDefault(declared) {
      return makeField<T, O>({ ...spec, declaredDefault: declared, required: false, optional: false });
    },
  };
  return field;
}

// ---------------------------------------------------------------------------------------------
// Options shared by every builder.

export interface ConfigFieldMeta<T> {
  /** One or two sentences for the docs; every field has one. */
  readonly doc: string;
  /** Never shown in the dashboard, TUI or logs (keys, passwords). */
  readonly secret?: boolean;
  /** Listed after the everyday options in the docs. */
  readonly advanced?: boolean;
  /** A realistic value, used in docs and hints. */
  readonly example?: unknown;
  /** A value check beyond the type: return what is wrong (and how to fix it), or undefined. */
  readonly check?: (value: T, context: DefaultContext) => Problem | string | undefined;
  /** What to say when a required field is absent, instead of "`key` setting is required". */
  readonly missing?: (context: DefaultContext) => Problem;
}

/**
 * A field has a default, or is optional (its value may then be undefined); without either it is
 * required. `required: true` says so explicitly. Array items and map values need none of these.
 */
export type Presence<D> =
  | { readonly default: D | Computed<D>; readonly required?: undefined; readonly optional?: undefined }
  | { readonly required?: true; readonly default?: undefined; readonly optional?: undefined }
  | { readonly optional: true; readonly default?: undefined; readonly required?: undefined };

type OptionalOf<O> = O extends { readonly optional: true } ? true : false;

function common<T>(opts: ConfigFieldMeta<T> & { required?: boolean; optional?: boolean; default?: unknown; zeroMeansDefault?: boolean }) {
  return {
    doc: opts.doc,
    required: opts.optional !== true && opts.default === undefined,
    optional: opts.optional === true,
    secret: opts.secret === true,
    advanced: opts.advanced === true,
    example: opts.example,
    declaredDefault: opts.default,
    zeroMeansDefault: opts.zeroMeansDefault === true,
    fields: undefined,
    item: undefined,
    loose: false,
    keyDoc: undefined,
    ...(opts.check ? { check: opts.check } : {}),
    ...(opts.missing ? { missing: opts.missing } : {}),
  };
}

function wrongType(cursor: Cursor, expected: string, raw: unknown, hint: string): Invalid {
  cursor.report(IssueCode.WrongType, `expected ${expected}, got ${describeValue(raw)}`, hint);
  return INVALID;
}

// ---------------------------------------------------------------------------------------------
// Scalars.

function decodeString(raw: unknown, cursor: Cursor): string | Invalid {
  if (typeof raw === 'string') return raw;
  const key = lastKey(cursor.path);
  const asText = typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean' ? String(raw) : 'text';
  return wrongType(cursor, 'a string', raw, `quote it: ${key} = ${JSON.stringify(asText)}`);
}

function decodeBool(raw: unknown, cursor: Cursor): boolean | Invalid {
  if (typeof raw === 'boolean') return raw;
  const key = lastKey(cursor.path);
  if (raw === 'true' || raw === 'false') return wrongType(cursor, 'a boolean', raw, `write ${key} = ${raw} without quotes`);
  return wrongType(cursor, 'a boolean', raw, `write ${key} = true or ${key} = false`);
}

interface IntOptions {
  readonly min?: number;
  readonly max?: number;
  /** Unit shown in the docs: `seconds`, `ms`, `bytes`, `ns`. */
  readonly unit?: string;
  /** 0 stands for the default (Heka's `if x == 0 { x = default }`). */
  readonly zeroMeansDefault?: boolean;
}

function integerDecoder(unsigned: boolean, opts: IntOptions) {
  const min = opts.min ?? (unsigned ? 0 : Number.MIN_SAFE_INTEGER);
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  const noun = unsigned ? 'a non-negative integer' : 'an integer';
  return (raw: unknown, cursor: Cursor): number | Invalid => {
    const key = lastKey(cursor.path);
    const example = Math.max(min, Math.min(max, 1));
    if (typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim())) {
      return wrongType(cursor, noun, raw, `write ${key} = ${raw.trim()} without quotes`);
    }
    if (typeof raw === 'bigint') {
      cursor.report(IssueCode.BadValue, `${raw} is too large`, `the largest value accepted here is ${max}`);
      return INVALID;
    }
    if (typeof raw !== 'number' || !Number.isInteger(raw)) {
      const whole = typeof raw === 'number' ? Math.trunc(raw) : example;
      return wrongType(cursor, noun, raw, `write a whole number without quotes, e.g. ${key} = ${whole}`);
    }
    if (raw < min) {
      cursor.report(IssueCode.BadValue, unsigned && min === 0 ? `must not be negative, got ${raw}` : `must be at least ${min}, got ${raw}`, `write ${key} = ${min} or more`);
      return INVALID;
    }
    if (raw > max) {
      cursor.report(IssueCode.BadValue, `must be at most ${max}, got ${raw}`, `write ${key} = ${max} or less`);
      return INVALID;
    }
    return raw;
  };
}

function decodeFloat(raw: unknown, cursor: Cursor): number | Invalid {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  const key = lastKey(cursor.path);
  if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) {
    return wrongType(cursor, 'a number', raw, `write ${key} = ${raw.trim()} without quotes`);
  }
  return wrongType(cursor, 'a number', raw, `write a number without quotes, e.g. ${key} = 1.0`);
}

function typeWithUnit(base: string, unit: string | undefined): string {
  return unit ? `${base} (${unit})` : base;
}

export const UINT32_MAX = 4294967295;

// ---------------------------------------------------------------------------------------------
// The builders.

function string<const O extends ConfigFieldMeta<string> & Presence<string>>(opts: O): ConfigField<string, OptionalOf<O>> {
  return makeField<string, OptionalOf<O>>({ ...common(opts), kind: 'string', typeName: 'string', decodeType: decodeString });
}

/** A Go (RE2) regular expression, kept as written; refused where Go's regexp.Compile refuses it. */
function regexp<const O extends ConfigFieldMeta<string> & Presence<string>>(opts: O): ConfigField<string, OptionalOf<O>> {
  return makeField<string, OptionalOf<O>>({
    ...common(opts),
    kind: 'regexp',
    typeName: 'regexp',
    decodeType(raw, cursor) {
      const text = decodeString(raw, cursor);
      if (text === INVALID) return INVALID;
      try {
        translateGoRegexp(text);
        return text;
      } catch (e) {
        if (!(e instanceof RegexSyntaxError)) throw e;
        cursor.report(IssueCode.BadValue, e.message, e.hint ?? "Heka uses Go's regular expression syntax (RE2)");
        return INVALID;
      }
    },
  });
}

function bool<const O extends ConfigFieldMeta<boolean> & Presence<boolean>>(opts: O): ConfigField<boolean, OptionalOf<O>> {
  return makeField<boolean, OptionalOf<O>>({ ...common(opts), kind: 'bool', typeName: 'bool', decodeType: decodeBool });
}

function int<const O extends ConfigFieldMeta<number> & Presence<number> & IntOptions>(opts: O): ConfigField<number, OptionalOf<O>> {
  return makeField<number, OptionalOf<O>>({ ...common(opts), kind: 'int', typeName: typeWithUnit('int', opts.unit), decodeType: integerDecoder(false, opts) });
}

function uint<const O extends ConfigFieldMeta<number> & Presence<number> & IntOptions>(opts: O): ConfigField<number, OptionalOf<O>> {
  return makeField<number, OptionalOf<O>>({ ...common(opts), kind: 'uint', typeName: typeWithUnit('uint', opts.unit), decodeType: integerDecoder(true, opts) });
}

function float<const O extends ConfigFieldMeta<number> & Presence<number>>(opts: O): ConfigField<number, OptionalOf<O>> {
  return makeField<number, OptionalOf<O>>({ ...common(opts), kind: 'float', typeName: 'float', decodeType: decodeFloat });
}

/** Any TOML value, taken as parsed: a map of these is a free-form table such as a sandbox's `config`. */
function anyValue<const O extends ConfigFieldMeta<unknown> & Presence<unknown>>(opts: O): ConfigField<unknown, OptionalOf<O>> {
  return makeField<unknown, OptionalOf<O>>({ ...common(opts), kind: 'any', typeName: 'any', decodeType: (raw) => raw });
}

/** Whole seconds (`ticker_interval`). */
function seconds<const O extends ConfigFieldMeta<number> & Presence<number> & Omit<IntOptions, 'unit'>>(opts: O): ConfigField<number, OptionalOf<O>> {
  return uint({ ...opts, unit: 'seconds' }) as ConfigField<number, OptionalOf<O>>;
}

/** A size in bytes, written as an integer as Heka requires (`max_file_size = 536870912`). */
function bytes<const O extends ConfigFieldMeta<number> & Presence<number> & Omit<IntOptions, 'unit'>>(opts: O): ConfigField<number, OptionalOf<O>> {
  return uint({ ...opts, unit: 'bytes' }) as ConfigField<number, OptionalOf<O>>;
}

interface OneOfOptions {
  /** Replaces the standard message for a value not in the set (Heka has its own for `full_action`). */
  readonly invalidMessage?: (raw: unknown) => string;
}

/** One of a fixed set of strings or numbers, compared exactly. */
function oneOf<const V extends readonly (string | number)[], const O extends ConfigFieldMeta<V[number]> & Presence<V[number]> & OneOfOptions>(
  values: V,
  opts: O,
): ConfigField<V[number], OptionalOf<O>> {
  const listed = values.map((v) => tomlLiteral(v)).join(', ');
  return makeField<V[number], OptionalOf<O>>({
    ...common(opts),
    kind: 'oneOf',
    typeName: values.map((v) => tomlLiteral(v)).join(' | '),
    decodeType(raw, cursor) {
      const key = lastKey(cursor.path);
      if ((typeof raw === 'string' || typeof raw === 'number') && values.includes(raw)) return raw as V[number];
      const sameText = values.find((v) => String(v).toLowerCase() === String(raw).toLowerCase());
      const hint = sameText !== undefined ? `write ${key} = ${tomlLiteral(sameText)}` : `use one of ${listed}`;
      const message = opts.invalidMessage ? opts.invalidMessage(raw) : `expected one of ${listed}, got ${describeValue(raw)}`;
      cursor.report(IssueCode.BadValue, message, hint);
      return INVALID;
    },
  });
}

interface DurationOptions {
  /** Replaces the standard message for an unparsable value (Heka has its own for `max_pack_idle`). */
  readonly invalidMessage?: (text: string) => string;
}

/** A Go duration string (`"1m30s"`, `"250ms"`), decoded to int64 nanoseconds. Defaults are Go strings. */
function duration<const O extends ConfigFieldMeta<bigint> & Presence<string> & DurationOptions>(opts: O): ConfigField<bigint, OptionalOf<O>> {
  return makeField<bigint, OptionalOf<O>>({
    ...common(opts),
    kind: 'duration',
    typeName: 'duration',
    decodeType(raw, cursor) {
      const key = lastKey(cursor.path);
      const example = `${key} = "1m30s"`;
      if (typeof raw !== 'string') {
        const hint = typeof raw === 'number' ? `write a quoted duration with a unit, e.g. ${key} = "${raw}s"` : `write e.g. ${example}`;
        return wrongType(cursor, 'a duration string', raw, hint);
      }
      const parsed = parseGoDuration(raw);
      if (parsed.ok) return parsed.ns;
      const message = opts.invalidMessage ? opts.invalidMessage(raw) : `${parsed.reason}`;
      cursor.report(IssueCode.BadValue, message, `use a number and a unit (ns, us, ms, s, m, h), e.g. ${example}`);
      return INVALID;
    },
    toValue(declared) {
      const parsed = parseGoDuration(declared as string);
      if (!parsed.ok) throw new Error(`bad declared default duration ${String(declared)}: ${parsed.reason}`);
      return parsed.ns;
    },
  });
}

/** A TOML array of one item type. */
function array<const I extends ConfigField<unknown, false>, const O extends ConfigFieldMeta<readonly ConfigValueOf<I>[]> & Presence<readonly ConfigValueOf<I>[]>>(
  item: I,
  opts: O,
): ConfigField<readonly ConfigValueOf<I>[], OptionalOf<O>> {
  return makeField<readonly ConfigValueOf<I>[], OptionalOf<O>>({
    ...common(opts),
    kind: 'array',
    typeName: `[]${item.typeName}`,
    item,
    decodeType(raw, cursor) {
      if (!Array.isArray(raw)) {
        const key = lastKey(cursor.path);
        return wrongType(cursor, 'an array', raw, `put the value in brackets: ${key} = [${tomlLiteral(raw ?? '')}]`);
      }
      const out: ConfigValueOf<I>[] = [];
      let ok = true;
      raw.forEach((value: unknown, i) => {
        const decoded = item.decode(value, cursor.at(i));
        if (decoded === INVALID) ok = false;
        else out.push(decoded as ConfigValueOf<I>);
      });
      return ok ? out : INVALID;
    },
  });
}

interface GroupOptions<S extends ConfigSchema> extends ConfigFieldMeta<ConfigValues<S>> {
  /** Unknown keys are ignored (with a warning) instead of being errors, as Heka does for `retries`. */
  readonly loose?: boolean;
}

/**
 * A sub-table (`[name.retries]`) with its own fields. When the table is absent the group takes its
 * fields' defaults (or a plugin's override of them); when present, omitted keys take the field defaults.
 */
function group<const S extends ConfigSchema>(fields: S, opts: GroupOptions<S>): ConfigField<ConfigValues<S>, false> {
  return makeField<ConfigValues<S>>({
    ...common(opts),
    required: false,
    kind: 'group',
    typeName: 'table',
    fields,
    loose: opts.loose === true,
    decodeType(raw, cursor) {
      if (!isTable(raw)) {
        const key = lastKey(cursor.path);
        return wrongType(cursor, 'a table', raw, `write it as a sub-table: [<section>.${key}] with one key = value per line`);
      }
      const decoded = cursor.decodeTable(fields, raw, { unknownKeys: opts.loose ? 'warn' : 'error' });
      return decoded === INVALID ? INVALID : (decoded as ConfigValues<S>);
    },
    toValue(declared, context) {
      const out: Record<string, unknown> = {};
      for (const [name, field] of Object.entries(fields)) out[name] = field.defaultValue(context);
      if (isTable(declared)) Object.assign(out, declared);
      return out as ConfigValues<S>;
    },
  }) as ConfigField<ConfigValues<S>, false>;
}

interface MapOptions<V> extends ConfigFieldMeta<Readonly<Record<string, V>>> {
  readonly default?: Readonly<Record<string, V>>;
  /** How the docs name the keys, e.g. `<signer>_<version>`. */
  readonly keyDoc?: string;
  /** Checks each key; return what is wrong with it. */
  readonly checkKey?: (key: string) => Problem | string | undefined;
}

/** A table of user-named entries of one type (`[name.signer.ops_0]`, `translation`, headers). */
function map<const I extends ConfigField<unknown, false>>(item: I, opts: MapOptions<ConfigValueOf<I>>): ConfigField<Readonly<Record<string, ConfigValueOf<I>>>, false> {
  return makeField<Readonly<Record<string, ConfigValueOf<I>>>>({
    ...common({ ...opts, default: opts.default ?? {} }),
    kind: 'map',
    typeName: `map of ${item.typeName}`,
    item,
    keyDoc: opts.keyDoc ?? '<name>',
    decodeType(raw, cursor) {
      if (!isTable(raw)) {
        const key = lastKey(cursor.path);
        return wrongType(cursor, 'a table', raw, `write it as a sub-table: [<section>.${key}]`);
      }
      const out: Record<string, ConfigValueOf<I>> = {};
      let ok = true;
      for (const [key, value] of Object.entries(raw)) {
        const at = cursor.at(key);
        const keyProblem = opts.checkKey?.(key);
        if (keyProblem !== undefined) {
          const p = asProblem(keyProblem);
          at.report(IssueCode.BadValue, p.message, p.hint, p.severity);
          if (p.severity !== 'warning') {
            ok = false;
            continue;
          }
        }
        const decoded = item.decode(value, at);
        if (decoded === INVALID) ok = false;
        // defineProperty: a user key such as "__proto__" must stay an ordinary entry.
        else Object.defineProperty(out, key, { value: decoded, enumerable: true, writable: true, configurable: true });
      }
      return ok ? out : INVALID;
    },
  }) as ConfigField<Readonly<Record<string, ConfigValueOf<I>>>, false>;
}

/** The field builders: `f.string({ default: '', doc: '…' })`. */
export const f = { string, regexp, bool, int, uint, float, seconds, bytes, oneOf, duration, array, group, map, any: anyValue };
