#!/usr/bin/env node
// Build step of every command package: bundles each command (package.json "bin") from its
// compiled entry dist/bin/<command>.js into dist/bundle/<command>.js, which bin/<command>.js loads.
// Node loads ES modules one file at a time (resolve, read, compile, link): hekad's ~200 modules
// cost ~150 ms of start-up that one bundled file does not.
//
// The bundle sits two directories below the package root, like every dist/<area>/x.js, so paths
// made from import.meta.url ('../../src/sandbox/wasm/…', '../sandbox/worker.js') resolve the
// same from the bundle as from the unbundled modules.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// Left to Node's loader: a native addon, and the terminal UI stack, which only live views load
// (by dynamic import), so a command without one never pays for it.
const EXTERNAL = ['node-unix-socket', 'ink', 'react', 'react/*'];

const pkg = process.argv[2] ?? process.cwd();
const commands = Object.keys(JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).bin ?? {});
if (commands.length === 0) {
  console.error(`bundle: ${pkg}/package.json names no "bin" command to bundle`);
  process.exit(1);
}

// Chunk names carry content hashes: start empty so old ones do not pile up.
rmSync(join(pkg, 'dist', 'bundle'), { recursive: true, force: true });
await build({
  absWorkingDir: pkg,
  entryPoints: Object.fromEntries(commands.map((c) => [c, join('dist', 'bin', `${c}.js`)])),
  outdir: join('dist', 'bundle'),
  bundle: true,
  splitting: true, // what two commands of one package share, and dynamic imports, become chunks
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  sourcemap: 'linked',
  logLevel: 'warning',
});
