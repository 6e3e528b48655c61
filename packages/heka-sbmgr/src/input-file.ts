// The -script and -scriptconfig files: read before connecting, so a typo in a path sends nothing.
// Sent as the file's bytes, as Heka did, even when they are not valid UTF-8.
import { readFileSync } from 'node:fs';
import { HekaError, textFromBytes, type Text } from '@heka/core';

export function readInputFile(flag: 'script' | 'scriptconfig', path: string): Text {
  try {
    return textFromBytes(readFileSync(path));
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
