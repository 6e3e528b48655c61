// The options every Sandbox* plugin takes (spec plugins §6.1), declared once, and loading the
// script they name.
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { HekaError, computed, f, type HekadGlobals } from '@heka/core';
import type { SandboxConfig } from './lua-sandbox.js';
import { shareDir } from './share-dir.js';
import { DEFAULT_INSTRUCTION_LIMIT, DEFAULT_MEMORY_LIMIT, DEFAULT_OUTPUT_LIMIT } from './limits.js';

export const sandboxFields = {
  script_type: f.oneOf(['lua'], { default: 'lua', doc: 'The script language; only Lua exists.' }),
  filename: f.string({ required: true, example: 'lua_filters/http_status.lua', doc: 'The Lua script, relative to share_dir unless absolute (shipped ones: lua_decoders/nginx_access.lua, …).' }),
  preserve_data: f.bool({ default: false, doc: 'Save the script\'s global data at shutdown to <base_dir>/sandbox_preservation/<name>.data and restore it at start (SandboxFilter; SandboxDecoder under its runner name <input>-<decoder>-<stream>, saved when its stream ends; _PRESERVATION_VERSION guards against stale data).' }),
  memory_limit: f.uint({ default: DEFAULT_MEMORY_LIMIT, unit: 'B', doc: 'Most memory the script may use; 0 for no limit.' }),
  instruction_limit: f.uint({ default: DEFAULT_INSTRUCTION_LIMIT, doc: 'Most Lua instructions one process_message or timer_event call may run; 0 for no limit.' }),
  output_limit: f.uint({ default: DEFAULT_OUTPUT_LIMIT, unit: 'B', doc: 'Largest payload or injected message the script may build.' }),
  module_directory: f.string({
    default: computed((c) => join(shareDir(c.globals), 'lua_modules'), '<share_dir>/lua_modules'),
    doc: 'Where require() finds `<name>.lua` modules; several directories separated by ";".',
  }),
  config: f.map(f.any({ doc: 'A string, number or boolean; other values read as nil.' }), { doc: 'Values the script reads with read_config(name).', example: { rows: 1440 } }),
} as const;

export interface SandboxOptions {
  readonly filename: string;
  readonly preserve_data: boolean;
  readonly memory_limit: number;
  readonly instruction_limit: number;
  readonly output_limit: number;
  readonly module_directory: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/** The script's path: relative names are under share_dir (see shareDir), as in Heka. */
export function scriptPath(options: SandboxOptions, globals: HekadGlobals): string {
  return isAbsolute(options.filename) ? options.filename : join(shareDir(globals), options.filename);
}

/** What every sandbox plugin gives LuaSandbox.create: its script (read now), limits, config, logger, hostname. */
export function sandboxConfig(options: SandboxOptions, name: string, globals: HekadGlobals): SandboxConfig {
  const path = scriptPath(options, globals);
  return {
    source: readScript(name, path), filename: path, memoryLimit: options.memory_limit, instructionLimit: options.instruction_limit,
    outputLimit: options.output_limit, moduleDirectory: options.module_directory, config: { ...options.config },
    logger: name, hostname: globals.hostname,
  };
}

export function readScript(section: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new HekaError('sandbox-script', `[${section}].filename: cannot read the Lua script ${path}: ${(e as Error).message}`, {
      hint: 'give an absolute path, or one relative to share_dir ([hekad] share_dir)',
    });
  }
}
