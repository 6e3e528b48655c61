// docs/plugins is generated from the declarations by scripts/gen-docs.js; this fails when the
// committed pages no longer match what it would write.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pluginDocFiles } from '@heka/core';
import { plugins } from './index.js';

const docsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'docs', 'plugins');
const regenerate = 'docs/plugins is stale: run `pnpm build && node scripts/gen-docs.js` and commit the result';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [relative(docsDir, join(dir, entry.name))]);
}

describe('docs/plugins', () => {
  const expected = pluginDocFiles(plugins);

  it('has exactly one page per plugin and the index', () => {
    expect({ files: listFiles(docsDir).sort(), regenerate }).toEqual({ files: expected.map((f) => f.path).sort(), regenerate });
  });

  it.each(expected.map((f) => [f.path, f.content] as const))('%s is up to date', (path, content) => {
    expect({ content: readFileSync(join(docsDir, path), 'utf8'), regenerate }).toEqual({ content, regenerate });
  });
});
