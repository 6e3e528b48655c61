// Loading: a file, or a directory whose `*.toml` files are read in ascending name order; each file
// environment-substituted then parsed; sections merged whole, as Heka merges them.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HekaError } from '../errors/heka-error.js';
import type { IssueLocation } from './decode.js';
import { substituteEnv } from './env.js';
import { ConfigFileError, positionAt } from './file-error.js';
import { IssueCode, type ConfigIssue, type KeyPath } from './issues.js';
import { parseHekaToml, type ParsedToml } from './toml.js';
import { isTable, tomlTypeName } from './describe.js';

export const GLOBALS_SECTION = 'hekad';

export interface ConfigSection {
  readonly name: string;
  /** The raw TOML table. */
  readonly table: Readonly<Record<string, unknown>>;
  readonly file: string;
  readonly line: number | undefined;
  /** File and line of a key path inside the section (the nearest key or header that is known). */
  locate(path: KeyPath): IssueLocation;
}

export interface ParsedConfigFile {
  readonly file: string;
  /** Top-level tables in file order (`[hekad]` included). */
  readonly sections: readonly ConfigSection[];
  /** Top-level entries that are not tables. */
  readonly issues: readonly ConfigIssue[];
}

export interface LoadedConfig {
  /** The -config path as given. */
  readonly path: string;
  readonly files: readonly string[];
  /** The [hekad] table in force: a later file's replaces an earlier one whole. */
  readonly hekad: ConfigSection | undefined;
  /** Plugin sections in force, in the order they were (last) defined. */
  readonly sections: readonly ConfigSection[];
  /** Sections replaced by a later one of the same name. Heka still initialised them, so they are validated too. */
  readonly replaced: readonly ConfigSection[];
  /** Warnings (replaced sections) and errors found while merging. */
  readonly issues: readonly ConfigIssue[];
}

export interface LoadOptions {
  /** Variables for `%ENV[NAME]`; defaults to process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Every file that could not be read or parsed; the configuration cannot be used. */
export class ConfigLoadError extends HekaError {
  readonly errors: readonly ConfigFileError[];

  constructor(errors: readonly ConfigFileError[]) {
    super(errors[0]?.code ?? 'HEKA_CONFIG_READ', errors.map((e) => e.message).join('\n'), { hint: errors.length === 1 ? errors[0]!.hint : undefined });
    this.name = 'ConfigLoadError';
    this.errors = errors;
  }
}

const pathKey = (path: readonly string[]): string => JSON.stringify(path);

function locator(file: string, layout: ParsedToml['layout'], name: string): (path: KeyPath) => IssueLocation {
  const keyLines = new Map<string, number>();
  const headerLines = new Map<string, number>();
  for (const k of layout.keys) if (!keyLines.has(pathKey(k.path))) keyLines.set(pathKey(k.path), k.line);
  for (const h of layout.headers) if (!headerLines.has(pathKey(h.path))) headerLines.set(pathKey(h.path), h.line);
  return (path) => {
    const names: string[] = [];
    for (const part of path) {
      if (typeof part !== 'string') break;
      names.push(part);
    }
    for (let n = names.length; n >= 0; n--) {
      const key = pathKey([name, ...names.slice(0, n)]);
      const line = keyLines.get(key) ?? headerLines.get(key);
      if (line !== undefined) return { file, line };
    }
    return { file };
  };
}

function sectionLine(layout: ParsedToml['layout'], name: string): number | undefined {
  return layout.headers.find((h) => h.path[0] === name)?.line ?? layout.keys.find((k) => k.path[0] === name)?.line;
}

/** Substitutes and parses one file's text. Throws a ConfigFileError for an %ENV or TOML problem. */
export function parseConfigFile(file: string, text: string, options: LoadOptions = {}): ParsedConfigFile {
  const env = substituteEnv(text, options.env ?? process.env);
  if (!env.ok) {
    throw new ConfigFileError('HEKA_CONFIG_ENV', file, env.message, { text, position: positionAt(text, env.offset), hint: env.hint });
  }
  const parsed = parseHekaToml(env.text, file);
  const sections: ConfigSection[] = [];
  const issues: ConfigIssue[] = [];
  for (const [name, table] of Object.entries(parsed.table)) {
    const line = sectionLine(parsed.layout, name);
    if (!isTable(table)) {
      issues.push({
        severity: 'error',
        code: IssueCode.NotASection,
        section: name,
        path: [],
        message: `expected a [${name}] section (a table), got a top-level ${tomlTypeName(table)}`,
        hint: 'plugin settings go under a [section] header; move this line below the section it belongs to',
        file,
        ...(line === undefined ? {} : { line }),
      });
      continue;
    }
    sections.push({ name, table, file, line, locate: locator(file, parsed.layout, name) });
  }
  return { file, sections, issues };
}

/** Merges parsed files in order: whole sections, a later one replacing an earlier one of the same name. */
export function mergeConfigFiles(path: string, files: readonly ParsedConfigFile[]): LoadedConfig {
  let hekad: ConfigSection | undefined;
  const byName = new Map<string, ConfigSection>();
  const replaced: ConfigSection[] = [];
  const issues: ConfigIssue[] = files.flatMap((file) => file.issues);
  for (const file of files) {
    for (const section of file.sections) {
      const earlier = section.name === GLOBALS_SECTION ? hekad : byName.get(section.name);
      if (earlier) {
        const whole = section.name === GLOBALS_SECTION ? 'its settings are not merged key by key' : 'Heka merges whole sections, not keys';
        issues.push({
          severity: 'warning',
          code: IssueCode.SectionReplaced,
          section: section.name,
          path: [],
          message: `replaces the [${section.name}] section of ${earlier.file}${earlier.line === undefined ? '' : `:${earlier.line}`} (${whole})`,
          hint: 'keep one section of that name, or rename one of them',
          file: section.file,
          ...(section.line === undefined ? {} : { line: section.line }),
        });
      }
      if (section.name === GLOBALS_SECTION) {
        hekad = section;
      } else {
        if (earlier) replaced.push(earlier);
        byName.delete(section.name);
        byName.set(section.name, section);
      }
    }
  }
  return { path, files: files.map((f) => f.file), hekad, sections: [...byName.values()], replaced, issues };
}

function readProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return (e as Error).message;
}

/** The files a -config path stands for: itself, or a directory's `*.toml` files in name order. */
export function listConfigFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    throw new ConfigLoadError([new ConfigFileError('HEKA_CONFIG_READ', path, `can't open config: ${readProblem(e)}`, { hint: 'give -config the path of a TOML file or of a directory of *.toml files', cause: e })]);
  }
  if (!isDirectory) return [path];
  return readdirSync(path)
    .filter((name) => name.endsWith('.toml'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(path, name))
    .filter((file) => statSync(file, { throwIfNoEntry: false })?.isFile() ?? false);
}

/**
 * Loads a -config path. Every unreadable or unparsable file is reported (a ConfigLoadError listing
 * them all); otherwise the merged sections come back with any warnings.
 */
export function loadConfig(path: string, options: LoadOptions = {}): LoadedConfig {
  const parsed: ParsedConfigFile[] = [];
  const errors: ConfigFileError[] = [];
  for (const file of listConfigFiles(path)) {
    try {
      parsed.push(parseConfigFile(file, readFileSync(file, 'utf8'), options));
    } catch (e) {
      if (e instanceof ConfigFileError) errors.push(e);
      else errors.push(new ConfigFileError('HEKA_CONFIG_READ', file, `can't read config: ${readProblem(e)}`, { cause: e }));
    }
  }
  if (errors.length > 0) throw new ConfigLoadError(errors);
  return mergeConfigFiles(path, parsed);
}
