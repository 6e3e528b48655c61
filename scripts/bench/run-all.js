// Runs every benchmark in this directory (`*.bench.js`), one after the other, each in its own
// process so that one's JIT state and garbage do not affect the next. Used by `pnpm bench`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
let failed = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.bench.js')).sort()) {
  const { status } = spawnSync(process.execPath, [join(dir, file), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (status !== 0) {
    console.error(`${file} failed (exit ${status})`);
    failed++;
  }
}
process.exit(failed > 0 ? 1 : 0);
