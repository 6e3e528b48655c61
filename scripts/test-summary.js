// Prints the monorepo's test totals as one plain closing line, from the per-package
// files written by scripts/jest-totals-reporter.js during `turbo run test`.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '.test-results');
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const file of files) {
  const t = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += t.passed;
  failed += t.failed;
  skipped += t.skipped;
  console.log(`  ${t.package}: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
