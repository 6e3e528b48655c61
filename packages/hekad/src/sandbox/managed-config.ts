// What a SandboxManagerFilter makes of the TOML a control message (or a persisted .toml file)
// carries: the first section, checked as strictly as a section of hekad.toml, as a SandboxFilter
// whose script, module directory and limits the manager decides.
import {
  ConfigFileError, decodeInstance, formatIssue, isTable, parseHekaToml, typeKeyOf,
  type ConfigIssue, type HekadGlobals, type PluginInstance,
} from '@heka/core';
import { checkMatcher } from '../matcher-check.js';
import { SandboxFilter } from '../plugins/filters/sandbox-filter.js';

/** Heka's file and filter name part: every non-word character becomes "_". */
export function normalizedName(name: string): string {
  return name.replace(/\W/g, '_');
}

/** A managed filter's full name: `<manager>-<section>`, both parts normalised (Heka's getSandboxName). */
export function sandboxName(manager: string, section: string): string {
  return `${normalizedName(manager)}-${normalizedName(section)}`;
}

/** What the manager forces onto every filter it runs. */
export interface ManagedLimits {
  readonly module_directory: string;
  readonly memory_limit: number;
  readonly instruction_limit: number;
  readonly output_limit: number;
}

export interface ConfigSectionText {
  /** The section's name as written. */
  readonly name: string;
  readonly table: Readonly<Record<string, unknown>>;
  /** Sections after the first, which are not loaded. */
  readonly ignored: readonly string[];
}

/**
 * The first section of the config text. Heka took "the first" in Go map order, i.e. any one of
 * them; here it is the first in the text. No %ENV[] substitution: the text comes from a message,
 * and hekad's environment is not the sender's to read.
 */
export function firstSection(text: string, source: string): ConfigSectionText {
  let table: Record<string, unknown>;
  try {
    table = parseHekaToml(text, source).table;
  } catch (e) {
    if (!(e instanceof ConfigFileError)) throw e;
    throw new Error(`loadSandbox failed: ${e.message}`);
  }
  const names = Object.keys(table);
  const name = names[0];
  if (name === undefined) throw new Error('loadSandbox failed: the config has no [section]; send one [name] section with type = "SandboxFilter"');
  const section = table[name];
  if (!isTable(section)) throw new Error(`loadSandbox failed: "${name}" is not a [section]; put the filter's settings under a [name] header`);
  return { name, table: section, ignored: names.slice(1) };
}

/** The script type a section names (the script file's extension); "lua" unless it says otherwise. */
export function scriptTypeOf(table: Readonly<Record<string, unknown>>): string {
  const key = Object.keys(table).find((k) => k.toLowerCase() === 'script_type');
  const value = key === undefined ? undefined : table[key];
  // Only a plain word may become part of a file name; validation then reports the bad value.
  return typeof value === 'string' && /^\w+$/.test(value) ? value : 'lua';
}

/**
 * Validates the section as a SandboxFilter named `name` (errors in Heka's words where Heka had
 * them), then applies what the manager forces: the written script, its module directory and
 * limits, and can_exit (a managed filter that stops never stops hekad).
 */
export function managedInstance(name: string, table: Readonly<Record<string, unknown>>, script: string, limits: ManagedLimits, globals: HekadGlobals): PluginInstance {
  const typeKey = typeKeyOf(table);
  const type = typeKey === undefined ? '' : table[typeKey];
  if (type !== SandboxFilter.type) throw new Error(`Plugin must be a SandboxFilter, received ${typeof type === 'string' ? type : String(type)}`);
  const issues: ConfigIssue[] = [];
  // filename is the manager's to set: a section without one is complete.
  const instance = decodeInstance({ name, table: { filename: script, ...table } }, SandboxFilter, globals, issues, { checkMatcher });
  const errors = issues.filter((i) => i.severity === 'error');
  if (!instance || errors.length > 0) {
    throw new Error(`Can't load config for '${name}': ${errors.map(formatIssue).join('; ')}`);
  }
  return Object.freeze({
    ...instance,
    config: Object.freeze({ ...instance.config, filename: script, ...limits }),
    common: Object.freeze({ ...instance.common, can_exit: true }),
  });
}
