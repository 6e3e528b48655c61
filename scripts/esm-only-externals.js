// esbuild plugin for CommonJS bundles (scripts/bundle.js --code-cache): an external package that
// is an ES module only cannot be require()d on Node 20. Its static imports in the bundle read the
// module namespace that the source imported beforehand and handed over as
// globalThis[Symbol.for('heka.esm-only:<name>')] (see packages/hekad/src/tui/load.ts);
// dynamic import() of it stays a real import.
export function esmOnlyExternals(names) {
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'esm-only-externals',
    setup(b) {
      b.onResolve({ filter }, (a) =>
        a.kind === 'dynamic-import' ? { path: a.path, external: true } : { path: a.path, namespace: 'esm-only' });
      b.onLoad({ filter: /.*/, namespace: 'esm-only' }, (a) => ({
        loader: 'js',
        contents:
          `const m = globalThis[Symbol.for(${JSON.stringify(`heka.esm-only:${a.path}`)})];\n` +
          `if (!m) throw new Error(${JSON.stringify(`${a.path} is an ES module: load it with a dynamic import and hand it over before loading modules that import it`)});\n` +
          'module.exports = m;\n',
      }));
    },
  };
}
