#!/usr/bin/env node
// The README's demo: what this release does, run on the bundled config and stream files.
// (Until hekad runs pipelines, the demo checks a config and reads a stream with heka-cat.)
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const steps = [
  ['Validate a Getting-Started config (LogstreamerInput → PayloadEncoder → LogOutput)',
    'hekad', ['-config=fixtures/configs/valid/getting-started.toml', '-check']],
  ['Show what hekad says about a config with mistakes in it (exit status 1 is expected)',
    'hekad', ['-config=fixtures/configs/invalid/several-problems.toml', '-check'], 1],
  ['Count the server errors in a stream of 1,000 nginx access messages',
    'heka-cat', ['-format=count', "-match=Type == 'nginx.access' && Fields[status] >= 500", 'fixtures/streams/web-access.hpb']],
  ['Print the slowest 503 in Heka\'s txt layout',
    'heka-cat', ['-format=txt', '-match=Fields[status] == 503 && Fields[request_time] > 1.95', 'fixtures/streams/web-access.hpb']],
  ['Read a damaged stream: corruption is reported with its offset, good records still come through',
    'heka-cat', ['-format=json', "-match=Type == 'fixture.corrupt'", 'fixtures/streams/corrupt.hpb']],
];

let failed = 0;
for (const [title, command, args, expected = 0] of steps) {
  const shown = args.map((a) => (/[\s'"&|<>=!]/.test(a.replace(/^-[a-z-]+=/, '')) ? a.replace(/=(.*)$/, '="$1"') : a)).join(' ');
  process.stdout.write(`\n# ${title}\n$ bin/${command} ${shown}\n`);
  const run = spawnSync(process.execPath, [join(root, 'bin', command), ...args], { cwd: root, stdio: 'inherit' });
  if (run.status !== expected) {
    failed++;
    process.stdout.write(`!! expected exit status ${expected}, got ${run.status}\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
