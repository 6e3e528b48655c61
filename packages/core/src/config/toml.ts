// Parses one config file's (environment-substituted) text in Heka's TOML dialect.
import { parse, TomlError } from 'smol-toml';
import { ConfigFileError } from './file-error.js';
import { originalColumn, quoteLegacyNames, type LegacyTomlResult } from './toml-dialect.js';

export const TOML_ERROR_CODE = 'HEKA_CONFIG_TOML';

export interface ParsedToml {
  readonly table: Readonly<Record<string, unknown>>;
  /** Header and key lines, to point validation messages at the right line. */
  readonly layout: Pick<LegacyTomlResult, 'headers' | 'keys'>;
}

function hintFor(reason: string): string | undefined {
  if (/escape/.test(reason)) {
    return `in a "..." string a backslash starts an escape: write regexes and Windows paths as '...' literal strings, or double each backslash`;
  }
  if (/redefine/.test(reason)) return 'each [section] and each key may appear only once in a file';
  return undefined;
}

export function parseHekaToml(text: string, file: string): ParsedToml {
  const legacy = quoteLegacyNames(text);
  try {
    // Integers beyond 2^53 (uint64 byte sizes) stay exact as bigint.
    const table = parse(legacy.text, { integersAsBigInt: 'asNeeded' }) as Record<string, unknown>;
    return { table, layout: legacy };
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    const reason = e.message.replace(/^Invalid TOML document: /, '').split('\n')[0]!;
    let column = originalColumn(legacy, e.line, e.column);
    // The parser points just past the backslash of a bad escape; point at the backslash.
    if (/escape/.test(reason) && text.split('\n')[e.line - 1]?.[column - 2] === '\\') column--;
    const position = { line: e.line, column };
    throw new ConfigFileError(TOML_ERROR_CODE, file, `invalid TOML: ${reason}`, { text, position, hint: hintFor(reason), cause: e });
  }
}
