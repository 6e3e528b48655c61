#!/usr/bin/env node
// Build step after `scripts/bundle.js --code-cache`: makes each command's V8 code cache by
// running the command once, as package.json "codeCacheTraining" says
// ({ "<command>": { "args": [...], "stdin": "..." } }, run in the package directory; the run
// must end by itself). The cache holds what that run compiled, so the run should go the way
// most runs go. A failed run fails the build: the command itself is broken.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import loader from './cached-bundle-loader.cjs';

const { WRITE_CACHE_ENV } = loader;

const withoutNodeOptions = ({ NODE_OPTIONS: _, ...env }) => env;

const pkg = process.argv[2] ?? process.cwd();
const training = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).codeCacheTraining ?? {};
for (const [command, { args = [], stdin = '' }] of Object.entries(training)) {
  const run = spawnSync(process.execPath, [join('bin', `${command}.js`), ...args], {
    cwd: pkg,
    input: stdin,
    // V8 rejects a cache made under other V8 flags: made for a plain `node`, as commands run.
    env: { ...withoutNodeOptions(process.env), [WRITE_CACHE_ENV]: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const made = readdirSync(join(pkg, 'dist', 'bundle')).some((f) => f.startsWith(`${command}.`) && f.endsWith('.code-cache'));
  if (run.status !== 0 || !made) {
    console.error(`train-code-cache: ${command} ${args.join(' ')} exited ${run.status ?? run.signal}${made ? '' : ' and wrote no cache'}:\n${run.stderr}${run.stdout}`);
    process.exit(1);
  }
}
