// bin/hekad runs dist/bundle/hekad.cjs with the V8 code cache made at build time
// (scripts/bundle.js --code-cache, scripts/cached-bundle-loader.js, scripts/train-code-cache.js).
// The cache only saves start-up time: a missing or unusable one must change nothing else.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('..', import.meta.url));
const LOADER = fileURLToPath(new URL('../../../scripts/cached-bundle-loader.cjs', import.meta.url));
const { NODE_OPTIONS: _jestOptions, ...env } = process.env;

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-code-cache-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The cache file that dist/bundle/hekad.start.cjs, which bin/hekad.js requires, reads. */
function cacheName(bundleDir: string): string {
  const name = /'(hekad\.[0-9a-f]{16}\.code-cache)'/.exec(readFileSync(join(bundleDir, 'hekad.start.cjs'), 'utf8'))?.[1];
  if (name === undefined) throw new Error('dist/bundle/hekad.start.cjs names no code cache');
  return name;
}

/** A copy of the package's bin/ and dist/bundle/: enough for a run from stdin to LogOutput. */
function copyPackage(): string {
  const root = join(dir, 'pkg');
  cpSync(join(PKG, 'bin'), join(root, 'bin'), { recursive: true });
  cpSync(join(PKG, 'dist', 'bundle'), join(root, 'dist', 'bundle'), { recursive: true });
  return root;
}

function runStdinToLog(root: string): { code: number | null; stdout: string; stderr: string } {
  const config = join(dir, 'stdin.toml');
  writeFileSync(config, '[hekad]\nlog_flags = 0\n\n[StdinInput]\n\n[PayloadEncoder]\n\n[LogOutput]\nmessage_matcher = "TRUE"\nencoder = "PayloadEncoder"\n');
  const run = spawnSync(process.execPath, [join(root, 'bin', 'hekad.js'), `-config=${config}`], {
    input: 'one\ntwo\n', encoding: 'utf8', env, timeout: 30_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const EXPECTED = {
  code: 0,
  stdout: ['Starting hekad...', 'Output started: LogOutput', 'MessageRouter started.', 'Input started: StdinInput',
    'one', '', 'two', '', "Stop message sent to input 'StdinInput'", "Stop message sent to output 'LogOutput'", 'Shutdown complete.', ''].join('\n'),
  stderr: '',
};

describe('hekad code cache', () => {
  it('is made by the build for this bundle and accepted by this node', () => {
    const bundle = join(PKG, 'dist', 'bundle');
    const name = cacheName(bundle);
    expect(readdirSync(bundle).filter((f) => f.endsWith('.code-cache'))).toEqual([name]);
    // The loader's own compile step, asked whether V8 took the cache.
    const check = spawnSync(process.execPath, ['--input-type=module', '-e', `
      import { compileCachedBundle } from ${JSON.stringify(LOADER)};
      const script = compileCachedBundle(${JSON.stringify(join(bundle, 'hekad.cjs'))}, ${JSON.stringify(join(bundle, name))});
      console.log(script.cachedDataRejected);
    `], { encoding: 'utf8', env });
    expect(check.stderr).toBe('');
    expect(check.stdout).toBe('false\n');
  });

  it('runs a config the same with its cache, without one, and with one V8 rejects', () => {
    const root = copyPackage();
    const cache = join(root, 'dist', 'bundle', cacheName(join(root, 'dist', 'bundle')));
    expect(runStdinToLog(root)).toEqual(EXPECTED);
    rmSync(cache);
    expect(runStdinToLog(root)).toEqual(EXPECTED);
    writeFileSync(cache, Buffer.alloc(4096, 0x5a));
    expect(runStdinToLog(root)).toEqual(EXPECTED);
  });
});
