// hekad's flags, in Go flag syntax as Heka's.
import { parseGoFlags } from '@heka/core';

export const VERSION = '0.10.0';

export const flagSpecs = {
  config: { type: 'string', default: '/etc/hekad.toml', usage: 'configuration to load: a TOML file, or a directory whose *.toml files are read in name order' },
  version: { type: 'bool', default: false, usage: 'print the Heka version this hekad is compatible with, then exit' },
  check: { type: 'bool', default: false, usage: 'validate the configuration, print every problem, and exit (0 when valid, 1 otherwise)' },
  tui: { type: 'bool', default: false, usage: 'show a live view of the pipeline (throughput, memory, per-plugin stats) in the terminal; q quits' },
} as const;

export interface HekadOptions {
  readonly configPath: string;
  readonly version: boolean;
  readonly check: boolean;
  readonly tui: boolean;
}

/** Parses argv (after the program name). Bad flags throw a HekaError carrying the usage (exit 2). */
export function parseArgs(argv: string[]): HekadOptions {
  const { values } = parseGoFlags('hekad', flagSpecs, argv);
  return { configPath: values.config, version: values.version, check: values.check, tui: values.tui };
}
