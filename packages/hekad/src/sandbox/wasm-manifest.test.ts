// CI's check that the committed wasm is the one the manifest describes (and ships its licences).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WASM_PATH } from './wasm-loader.js';

const dir = dirname(WASM_PATH);
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
  wasm: { file: string; sha256: string; bytes: number };
  sources: { package: string; version: string; files: { file: string; sha256: string }[] }[];
  licenses: Record<string, string>;
};

test('the committed wasm matches the manifest sha256', () => {
  const wasm = readFileSync(WASM_PATH);
  expect(manifest.wasm.file).toBe('heka-lua.wasm');
  expect(wasm.length).toBe(manifest.wasm.bytes);
  expect(createHash('sha256').update(wasm).digest('hex')).toBe(manifest.wasm.sha256);
});

test('the manifest names the Debian source packages with their hashes', () => {
  expect(manifest.sources.map((s) => `${s.package} ${s.version}`)).toEqual(['lua5.1 5.1.5-9', 'lua-lpeg 1.0.2-2', 'lua-cjson 2.1.0+dfsg-2.2']);
  for (const s of manifest.sources) {
    expect(s.files.some((f) => f.file.endsWith('.orig.tar.gz'))).toBe(true);
    for (const f of s.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  }
});

test('the third-party licences are committed', () => {
  expect(Object.keys(manifest.licenses)).toEqual(['lua5.1', 'lua-lpeg', 'lua-cjson']);
  for (const file of Object.values(manifest.licenses)) {
    expect(existsSync(join(dir, file))).toBe(true);
    expect(readFileSync(join(dir, file), 'utf8')).toMatch(/Permission is hereby granted, free of charge/);
  }
});
