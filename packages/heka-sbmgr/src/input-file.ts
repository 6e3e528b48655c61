// The -script and -scriptconfig files: read before connecting, so a typo in a path sends nothing.
import { readFileSync } from 'node:fs';
import { HekaError } from '@heka/core';

export function readInputFile(flag: 'script' | 'scriptconfig', path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    const what = flag === 'script' ? 'scriptFile' : 'scriptConfig';
    throw new HekaError('HEKA_SBMGR_INPUT', `Error reading ${what}: open ${path}: ${reason}`, {
      hint: flag === 'script'
        ? 'point -script at the Lua file of the filter to load (default xyz.lua); nothing was sent'
        : 'point -scriptconfig at the filter\'s TOML config, one [name] section with type = "SandboxFilter" (default xyz.toml); nothing was sent',
    });
  }
}
