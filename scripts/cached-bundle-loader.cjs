// Made part of dist/bundle/<command>.start.cjs by scripts/bundle.js (--code-cache), which
// bin/<command>.js requires; beside it is the command's CommonJS bundle <command>.cjs.
// Runs the bundle through vm.Script with a V8 code cache: Node 20 has no compile cache for
// modules, and compiling hekad's ~700 KB bundle plus the functions a start-up calls costs ~40 ms
// of CPU that reading the cache does not. The cache is made at build time by a training run
// (scripts/train-code-cache.js). An absent cache, or one V8 rejects (another Node, other V8
// flags), only means compiling as without one. All of it is CommonJS: an ES module entry starts
// Node's ES module loader, ~13 ms of CPU.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { Script } = require('node:vm');

/** Set by the training run: write what V8 compiled, when the process exits, as the cache. */
const WRITE_CACHE_ENV = 'HEKA_CODE_CACHE_WRITE';

function readCache(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined; // none built: compile without
  }
}

/**
 * Compiles the CommonJS bundle `file` as a function of the CommonJS module arguments plus
 * __bundleUrl and __bundleImport, with the cache `cacheFile` when there is one. cacheFile names
 * the cache made for exactly this bundle (scripts/bundle.js puts the bundle's hash in it: V8
 * itself only checks the source's length).
 */
function compileCachedBundle(file, cacheFile) {
  // The bundle's own code sits on the wrapper's first line, so its line numbers stay as built.
  // The bundle is ASCII (scripts/bundle.js): read as latin1, it is a one-byte string at once.
  const wrapped = `(function (exports, require, module, __filename, __dirname, __bundleUrl, __bundleImport) {${readFileSync(file, 'latin1')}\n})`;
  return new Script(wrapped, { filename: file, cachedData: readCache(cacheFile) });
}

/** Runs the CommonJS bundle `file` with its code cache (see compileCachedBundle). */
function runCachedBundle(file, cacheFile) {
  const script = compileCachedBundle(file, cacheFile);
  if (process.env[WRITE_CACHE_ENV] === '1') {
    process.once('exit', () => {
      // Made after the run, the cache also holds the functions the run compiled, not only the top level.
      const tmp = `${cacheFile}.${process.pid}.tmp`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch (e) {
        // The run itself went as it went: say so on stderr, keep its exit code.
        process.stderr.write(`${WRITE_CACHE_ENV}: could not write ${cacheFile}: ${e.message}\n`);
      }
    });
  }
  // The bundle's import() calls come here (scripts/bundle.js): this file's own import() resolves
  // from dist/bundle/ as the bundle's would. V8 code read from a cache loses vm.Script's import()
  // callback on Node 20 (ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), and that callback is experimental.
  const bundleImport = (specifier) => import(specifier);
  const module = { exports: {} };
  const url = require('node:url').pathToFileURL(file).href;
  script.runInThisContext()(module.exports, require, module, file, dirname(file), url, bundleImport);
}

module.exports = { WRITE_CACHE_ENV, compileCachedBundle, runCachedBundle };
