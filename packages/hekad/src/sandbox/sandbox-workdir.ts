// A SandboxManagerFilter's working directory: `<name>.toml` and `<name>.<script_type>` per managed
// filter, readable by hekad's user only, kept across restarts and removed on unload.
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizedName } from './managed-config.js';

export class SandboxWorkdir {
  constructor(readonly dir: string) {}

  /** Creates the directory (0700) if missing, as Heka's Init did. */
  create(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  configPath(name: string): string {
    return join(this.dir, `${name}.toml`);
  }

  scriptPath(name: string, scriptType: string): string {
    return join(this.dir, `${name}.${scriptType}`);
  }

  /** Writes a file readable by hekad's user only, also when it replaces an older one. */
  write(path: string, bytes: Uint8Array): void {
    writeFileSync(path, bytes, { mode: 0o600 });
    chmodSync(path, 0o600);
  }

  /** Deletes `<name>.*` (config and script); preservation data lives elsewhere and stays. */
  removeAll(name: string): void {
    for (const file of this.files()) {
      if (file.startsWith(`${name}.`)) rmSync(join(this.dir, file), { force: true });
    }
  }

  /** Names of the filters a manager left here (`<manager>-*.toml`), to load again at start. */
  persisted(manager: string): string[] {
    const prefix = `${normalizedName(manager)}-`;
    return this.files()
      .filter((f) => f.startsWith(prefix) && f.endsWith('.toml'))
      .sort()
      .map((f) => f.slice(0, -'.toml'.length));
  }

  private files(): string[] {
    try {
      return readdirSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}
