// heka-logstreamer's config reading, as Heka's tool does it: a file, or every entry of a
// directory except dot files and *.bak, *.tmp, *~ backups; no %ENV[] substitution; a later
// section of the same name replaces an earlier one. Only LogstreamerInput sections are kept and
// only the options that choose and order files are read.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigFileError, HekaError, decodeSection, defaultGlobals, givenKey, isTable, logstreamerScanFields,
  parseHekaToml, ruleProblems, translationNeedsMissing, type ConfigIssue, type ConfigValues,
} from '@heka/core';

export const LOGSTREAMER_TYPE = 'LogstreamerInput';

export interface LogstreamerSection {
  readonly name: string;
  readonly file: string;
  readonly table: Readonly<Record<string, unknown>>;
}

export type ScanOptions = ConfigValues<typeof logstreamerScanFields>;

function problem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
}

/** The files a -config path stands for. */
export function configFiles(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (e) {
    throw new HekaError('HEKA_CONFIG_READ', `Error opening config file: ${path}: ${problem(e)}`, { hint: 'give -config a TOML file or a directory of them (default: logstreamer.toml in the current directory)' });
  }
  if (!isDirectory) return [path];
  return readdirSync(path)
    .filter((n) => !n.startsWith('.') && !n.endsWith('.bak') && !n.endsWith('.tmp') && !n.endsWith('~'))
    .sort()
    .map((n) => join(path, n))
    .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile() ?? false);
}

/** The LogstreamerInput sections of the config, in the order they were (last) defined. */
export function readLogstreamerSections(path: string): LogstreamerSection[] {
  const sections = new Map<string, LogstreamerSection>();
  for (const file of configFiles(path)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new HekaError('HEKA_CONFIG_READ', `Error decoding config file: ${file}: ${problem(e)}`, { hint: 'make the file readable, or move it out of the config directory' });
    }
    let parsed;
    try {
      parsed = parseHekaToml(text, file);
    } catch (e) {
      if (!(e instanceof ConfigFileError)) throw e;
      throw new HekaError('HEKA_CONFIG_TOML', `Error decoding config file: ${e.message}`, { ...(e.hint ? { hint: e.hint } : {}), cause: e });
    }
    for (const [name, table] of Object.entries(parsed.table)) {
      if (!isTable(table)) continue;
      sections.delete(name);
      if (name === LOGSTREAMER_TYPE || table['type'] === LOGSTREAMER_TYPE) sections.set(name, { name, file, table });
    }
  }
  return [...sections.values()];
}

/** Decodes the section's file options (others are ignored); problems go to `issues`. */
export function decodeScanOptions(section: LogstreamerSection, issues: ConfigIssue[]): ScanOptions | undefined {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(logstreamerScanFields)) {
    const value = givenKey(section.table, key);
    if (value !== undefined) raw[key] = value;
  }
  const globals = defaultGlobals();
  const context = { name: section.name, globals, given: (key: string) => givenKey(section.table, key) };
  const target = { section: section.name, context, unknownKeyMessage: (k: string) => `unknown key ${k}`, unknownKeyHint: '', locate: () => ({ file: section.file }) };
  const before = issues.length;
  const options = decodeSection(logstreamerScanFields, raw, target, issues);
  if (options === undefined) return undefined;
  const ruleContext = { name: section.name, type: LOGSTREAMER_TYPE, globals, common: {}, given: context.given };
  for (const p of ruleProblems(translationNeedsMissing(options, ruleContext))) {
    const path = p.key === undefined ? [] : typeof p.key === 'string' ? [p.key] : p.key;
    issues.push({ severity: 'error', code: 'HEKA_CONFIG_BAD_VALUE', section: section.name, path, message: p.message, ...(p.hint ? { hint: p.hint } : {}), file: section.file });
  }
  return issues.length === before ? options : undefined;
}
