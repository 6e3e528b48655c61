#!/usr/bin/env node
// Build step of @heka/hekad: lays the shipped Lua out as a Heka share_dir (dist/share/lua_decoders,
// lua_filters, lua_encoders, lua_modules), which hekad uses when /usr/share/heka does not exist.
// Files are overwritten in place and stale ones removed, so a running hekad never sees a gap.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const pkg = process.argv[2] ?? process.cwd();
const from = join(pkg, 'src', 'lua');
const to = join(pkg, 'dist', 'share');
const lua = (dir) => {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.lua'));
  } catch {
    return []; // a kind with no shipped Lua yet still gets its (empty) directory
  }
};
for (const kind of ['decoders', 'filters', 'encoders', 'modules']) {
  const dir = join(to, `lua_${kind}`);
  mkdirSync(dir, { recursive: true });
  const shipped = lua(join(from, kind));
  for (const f of shipped) copyFileSync(join(from, kind, f), join(dir, f));
  for (const f of lua(dir)) if (!shipped.includes(f)) rmSync(join(dir, f));
}
