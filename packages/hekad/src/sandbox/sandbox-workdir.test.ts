import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxWorkdir } from './sandbox-workdir.js';

let root: string;
beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'sbx-workdir-')); });
afterEach(() => { rmSync(root, { recursive: true, force: true }); });

const mode = (path: string): number => statSync(path).mode & 0o777;

it('creates the directory 0700 and writes files 0600, also over an older file', () => {
  const workdir = new SandboxWorkdir(join(root, 'a', 'sbxmgrs'));
  workdir.create();
  expect(mode(workdir.dir)).toBe(0o700);
  const path = workdir.configPath('M-F');
  writeFileSync(path, 'old', { mode: 0o644 });
  workdir.write(path, Buffer.from('new'));
  expect(mode(path)).toBe(0o600);
  expect(path).toBe(join(workdir.dir, 'M-F.toml'));
  expect(workdir.scriptPath('M-F', 'lua')).toBe(join(workdir.dir, 'M-F.lua'));
});

it('removes only <name>.* and lists what a manager left, in name order', () => {
  const workdir = new SandboxWorkdir(root);
  for (const f of ['M-F.toml', 'M-F.lua', 'M-F_2.toml', 'M-F_2.lua', 'Other-F.toml', 'M-A.toml', 'M-notes.txt']) writeFileSync(join(root, f), '');
  expect(workdir.persisted('M')).toEqual(['M-A', 'M-F', 'M-F_2']);
  workdir.removeAll('M-F');
  expect(readdirSync(root).sort()).toEqual(['M-A.toml', 'M-F_2.lua', 'M-F_2.toml', 'M-notes.txt', 'Other-F.toml']);
  expect(workdir.persisted('Other')).toEqual(['Other-F']);
});

it('a manager name with non-word characters finds its files under the normalised name', () => {
  const workdir = new SandboxWorkdir(root);
  writeFileSync(join(root, 'Ops_Mgr-F.toml'), '');
  expect(workdir.persisted('Ops Mgr')).toEqual(['Ops_Mgr-F']);
});

it('a missing directory holds nothing to restore', () => {
  expect(new SandboxWorkdir(join(root, 'none')).persisted('M')).toEqual([]);
});
