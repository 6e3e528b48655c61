// hekad's flags, in Go flag syntax as Heka's.
import { parseGoFlags } from '@heka/core';

export const VERSION = '0.10.0';

export const flagSpecs = {
  config: { type: 'string', default: '/etc/hekad.toml', usage: 'Config file or directory. If directory is specified then all files in the directory will be loaded.' },
  version: { type: 'bool', default: false, usage: 'Output version and exit' },
  check: { type: 'bool', default: false, usage: 'Load and validate the configuration, print every problem, and exit' },
} as const;

export interface HekadOptions {
  readonly configPath: string;
  readonly version: boolean;
  readonly check: boolean;
}

/** Parses argv (after the program name). Bad flags throw a HekaError carrying the usage (exit 2). */
export function parseArgs(argv: string[]): HekadOptions {
  const { values } = parseGoFlags('hekad', flagSpecs, argv);
  return { configPath: values.config, version: values.version, check: values.check };
}
