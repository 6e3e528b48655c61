#!/usr/bin/env node
// Writes docs/plugins/<family>/<Type>.md (and an index) from the plugin declarations, replacing
// whatever is there. Reads the built packages: run `pnpm build` first. A test in
// packages/hekad fails when the committed pages differ from what this would write.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginDocFiles } from '../packages/core/dist/index.js';
import { plugins } from '../packages/hekad/dist/plugins/index.js';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'plugins');
const files = pluginDocFiles(plugins);
rmSync(docsDir, { recursive: true, force: true });
for (const file of files) {
  const target = join(docsDir, file.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, file.content);
}
console.log(`gen-docs: wrote ${files.length} files to docs/plugins`);
