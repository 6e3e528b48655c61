// Command-line flags with Go's `flag` package syntax, which Heka's tools use:
// `-name=value`, `-name value`, `--name value`, bare `-name` for booleans; parsing stops at the
// first non-flag argument or at `--`. One declaration gives parsing, types and the usage text.
import { HekaError } from '../errors/heka-error.js';

/** `strings`: a flag that may be repeated, each occurrence adding a value (a Go flag.Value list). */
type FlagKind = 'string' | 'bool' | 'int' | 'uint' | 'float' | 'strings';
interface FlagSpecBase<K extends FlagKind, V> {
  type: K;
  default: V;
  usage: string;
}
export type FlagSpec =
  | FlagSpecBase<'string', string>
  | FlagSpecBase<'bool', boolean>
  | FlagSpecBase<'int', number>
  | FlagSpecBase<'uint', number>
  | FlagSpecBase<'float', number>
  | FlagSpecBase<'strings', readonly string[]>;
export type FlagSpecs = Record<string, FlagSpec>;
export type FlagValues<S extends FlagSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'string' ? string : S[K]['type'] extends 'bool' ? boolean : S[K]['type'] extends 'strings' ? string[] : number;
};

export interface ParsedFlags<S extends FlagSpecs> {
  values: FlagValues<S>;
  /** Arguments after the flags. */
  args: string[];
  /** Names of the flags given on the command line. */
  given: Set<keyof S & string>;
}

/** Go's PrintDefaults layout. */
export function formatUsage(program: string, specs: FlagSpecs, synopsis = ''): string {
  let out = synopsis ? `Usage of ${program}:\n  ${program} ${synopsis}\n` : `Usage of ${program}:\n`;
  for (const name of Object.keys(specs).sort()) {
    const spec = specs[name]!;
    let line = `  -${name}`;
    if (spec.type !== 'bool') line += ` ${spec.type === 'strings' ? 'value' : spec.type}`;
    line += line.length <= 4 ? '\t' : '\n    \t';
    line += spec.usage;
    const isZero = spec.default === '' || spec.default === false || spec.default === 0 || (Array.isArray(spec.default) && spec.default.length === 0);
    if (!isZero) line += spec.type === 'string' ? ` (default ${JSON.stringify(spec.default)})` : ` (default ${spec.default})`;
    out += line + '\n';
  }
  return out;
}

function parseValue(name: string, spec: FlagSpec, raw: string): string | boolean | number {
  if (spec.type === 'strings') return raw;
  const bad = (): never => {
    throw new HekaError('HEKA_FLAG_INVALID', `invalid value ${JSON.stringify(raw)} for flag -${name}`, { exitCode: 2 });
  };
  switch (spec.type) {
    case 'string': return raw;
    case 'bool': {
      const v = { '1': true, t: true, T: true, true: true, TRUE: true, True: true, '0': false, f: false, F: false, false: false, FALSE: false, False: false }[raw];
      return v ?? bad();
    }
    case 'int':
    case 'uint': {
      if (!/^[+-]?(0x[0-9a-fA-F]+|\d+)$/.test(raw)) bad();
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || (spec.type === 'uint' && n < 0)) bad();
      return n;
    }
    case 'float': {
      const n = Number(raw);
      return raw.trim() === '' || Number.isNaN(n) ? bad() : n;
    }
  }
}

/**
 * Parses argv. Unknown flags and bad values throw a HekaError (exit 2) carrying the usage text;
 * `-h`/`-help` throws one with exit 0 whose message is the usage, as Go does.
 */
export function parseGoFlags<S extends FlagSpecs>(program: string, specs: S, argv: string[], synopsis = ''): ParsedFlags<S> {
  const usage = formatUsage(program, specs, synopsis);
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) values[name] = Array.isArray(spec.default) ? [...spec.default] : spec.default;
  const given = new Set<string>();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.length < 2 || arg[0] !== '-') break;
    if (arg === '--') { i++; break; }
    let body = arg.slice(arg[1] === '-' ? 2 : 1);
    if (body === '' || body[0] === '-' || body[0] === '=') {
      throw new HekaError('HEKA_FLAG_INVALID', `bad flag syntax: ${arg}\n${usage}`, { exitCode: 2, verbatim: true });
    }
    let raw: string | undefined;
    const eq = body.indexOf('=');
    if (eq >= 0) { raw = body.slice(eq + 1); body = body.slice(0, eq); }
    const spec = specs[body];
    if (!spec) {
      if (body === 'h' || body === 'help') throw new HekaError('HEKA_HELP', usage, { exitCode: 0, verbatim: true });
      throw new HekaError('HEKA_FLAG_UNKNOWN', `flag provided but not defined: -${body}\n${usage}`, { exitCode: 2, verbatim: true });
    }
    if (raw === undefined) {
      if (spec.type === 'bool') raw = 'true';
      else if (i + 1 < argv.length) raw = argv[++i]!;
      else throw new HekaError('HEKA_FLAG_INVALID', `flag needs an argument: -${body}\n${usage}`, { exitCode: 2, verbatim: true });
    }
    try {
      const value = parseValue(body, spec, raw);
      if (spec.type === 'strings') (values[body] as string[]).push(value as string);
      else values[body] = value;
    } catch (e) {
      throw new HekaError('HEKA_FLAG_INVALID', `${(e as Error).message}\n${usage}`, { exitCode: 2, verbatim: true });
    }
    given.add(body);
  }
  return { values: values as FlagValues<S>, args: argv.slice(i), given: given as Set<keyof S & string> };
}
