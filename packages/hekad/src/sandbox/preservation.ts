// preserve_data files: `<base_dir>/sandbox_preservation/<name>.data`, Lua source written by the
// sandbox core at shutdown and run again after the script at the next start.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LuaSandbox, type SandboxConfig } from './lua-sandbox.js';

/** Heka's file name: the plugin name with every non-word character as "_". */
export function preservationPath(baseDir: string, pluginName: string): string {
  return join(baseDir, 'sandbox_preservation', `${pluginName.replace(/\W/g, '_')}.data`);
}

/** Brings back what the last run preserved, if anything; a bad file ends the sandbox (thrown). */
export function restorePreserved(sandbox: LuaSandbox, path: string): void {
  if (!existsSync(path)) return;
  sandbox.restore(readFileSync(path), path);
}

/** Writes the sandbox's data; on failure no (partial) file is left and the error is thrown. */
export function savePreserved(sandbox: LuaSandbox, path: string): void {
  try {
    const data = sandbox.preserve();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  } catch (e) {
    rmSync(path, { force: true });
    throw e;
  }
}

/** Creates the sandbox and, when `dataPath` is given (preserve_data), restores what it preserved last time. */
export function createPreserved(cfg: SandboxConfig, dataPath: string | undefined): LuaSandbox {
  const sandbox = LuaSandbox.create(cfg);
  if (dataPath !== undefined) restorePreserved(sandbox, dataPath);
  return sandbox;
}

/** At shutdown: saves the data of a sandbox still running (when preserve_data), then frees it. */
export function destroyPreserved(sandbox: LuaSandbox, dataPath: string | undefined, onError: (text: string) => void): void {
  if (dataPath !== undefined && !sandbox.terminated) {
    try {
      savePreserved(sandbox, dataPath);
    } catch (e) {
      onError(`Destroy() ${(e as Error).message}`);
    }
  }
  sandbox.destroy();
}
