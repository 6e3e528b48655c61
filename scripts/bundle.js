#!/usr/bin/env node
// Build step of every command package: bundles each command (package.json "bin") from its
// compiled entry dist/bin/<command>.js into dist/bundle/<command>.js, which bin/<command>.js loads.
// Node loads ES modules one file at a time (resolve, read, compile, link): hekad's ~200 modules
// cost ~150 ms of start-up that one bundled file does not.
//
// The bundle sits two directories below the package root, like every dist/<area>/x.js, so paths
// made from import.meta.url ('../../src/sandbox/wasm/…', '../sandbox/worker.js') resolve the
// same from the bundle as from the unbundled modules.
//
// --code-cache: the bundle is one CommonJS file, dist/bundle/<command>.cjs, that
// dist/bundle/<command>.start.cjs runs with a V8 code cache (scripts/cached-bundle-loader.cjs;
// the cache is made by scripts/train-code-cache.js); bin/<command>.js, CommonJS too
// (bin/package.json), requires it. The command's entry must not use top-level await.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { esmOnlyExternals } from './esm-only-externals.js';

// Left to Node's loader: a native addon, and the terminal UI stack, which only live views load
// (by dynamic import), so a command without one never pays for it.
const EXTERNAL = ['node-unix-socket', 'ink', 'react', 'react/*'];
// Of those, ES modules only: a CommonJS bundle cannot require() them (esm-only-externals.js).
const ESM_ONLY = ['ink'];
const LOADER = 'cached-bundle-loader.cjs';

const args = process.argv.slice(2);
const codeCache = args.includes('--code-cache');
const pkg = args.find((a) => !a.startsWith('--')) ?? process.cwd();
const commands = Object.keys(JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).bin ?? {});
if (commands.length === 0) {
  console.error(`bundle: ${pkg}/package.json names no "bin" command to bundle`);
  process.exit(1);
}

const common = {
  absWorkingDir: pkg,
  entryPoints: Object.fromEntries(commands.map((c) => [c, join('dist', 'bin', `${c}.js`)])),
  outdir: join('dist', 'bundle'),
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: EXTERNAL,
  sourcemap: 'linked',
  logLevel: 'warning',
};

// Chunk names carry content hashes: start empty so old ones (and old caches) do not pile up.
rmSync(join(pkg, 'dist', 'bundle'), { recursive: true, force: true });
if (!codeCache) {
  await build({
    ...common,
    splitting: true, // what two commands of one package share, and dynamic imports, become chunks
    format: 'esm',
  });
} else {
  await build({
    ...common,
    format: 'cjs',
    charset: 'ascii',
    outExtension: { '.js': '.cjs' },
    define: { 'import.meta.url': '__bundleUrl' }, // passed in by the loader: the .cjs file's URL
    plugins: [esmOnlyExternals(ESM_ONLY)],
  });
  const dir = join(pkg, 'dist', 'bundle');
  const loader = readFileSync(new URL(LOADER, import.meta.url), 'utf8').replace(/^module\.exports = .*$/m, '');
  for (const c of commands) {
    const file = join(dir, `${c}.cjs`);
    // esbuild (charset ascii) escapes every string, regex and name; what it leaves outside ASCII is
    // in comments it kept. Replaced one for one (columns stay), the file reads as a one-byte string.
    const code = readFileSync(file, 'utf8').replace(/[^\x00-\x7f]/g, '?').replace(/\bimport\("/g, '__bundleImport("');
    // import() of an external, the only kind esbuild leaves, is handed to the loader's import()
    // (cached-bundle-loader.cjs says why); anything else esbuild would have left is refused here.
    const left = /\bimport\s*\(/.exec(code);
    if (left) throw new Error(`bundle: ${file}: an import() the loader cannot serve: ${code.slice(left.index, left.index + 80)}`);
    writeFileSync(file, code);
    // The cache is named by the bundle's hash: a cache made for another build is never read.
    const hash = createHash('sha256').update(code).digest('hex').slice(0, 16);
    // What bin/<command>.js requires: the loader written in (one file fewer to load), then the run.
    writeFileSync(
      join(dir, `${c}.start.cjs`),
      `// Made by scripts/bundle.js --code-cache: runs ${c}.cjs with its V8 code cache (${LOADER}).\n${loader}\n` +
        `runCachedBundle(join(__dirname, '${c}.cjs'), join(__dirname, '${c}.${hash}.code-cache'));\n`,
    );
  }
}