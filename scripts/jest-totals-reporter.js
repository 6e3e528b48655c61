// Writes each package's pass/fail totals to .test-results/<package>.json so that
// `pnpm test` can print one closing line for the whole monorepo (scripts/test-summary.js).
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '.test-results');

export default class TotalsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    mkdirSync(resultsDir, { recursive: true });
    const totals = {
      package: basename(this.rootDir),
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    writeFileSync(join(resultsDir, `${totals.package}.json`), JSON.stringify(totals) + '\n');
  }
}
