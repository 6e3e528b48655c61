// Inputs and outputs keep Lua's io and more of os (spec plugins §6.3), on the real file system.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage } from '@heka/core';
import type { LuaSandbox} from './lua-sandbox.js';
import { type SandboxKind } from './lua-sandbox.js';
import { createSandbox, destroyCreated } from '../lua/lua-harness.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heka-sbx-io-'));
});
afterEach(() => {
  destroyCreated();
  rmSync(dir, { recursive: true, force: true });
});

function sandbox(kind: SandboxKind, source: string, config: Record<string, unknown> = {}): LuaSandbox {
  return createSandbox({ kind, source: `require "string"; require "table"; ${source}`, filename: 'io.lua', instructionLimit: 0, config });
}

/** Runs `body` as an input's process_message and returns the Payload it injected. */
function inInput(body: string, config: Record<string, unknown> = {}): string {
  const sb = sandbox('input', `function process_message() ${body} end`, { dir, ...config });
  const r = sb.processMessage(new Uint8Array());
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(0);
  return r.injected.map((m) => decodeMessage(m).payload).join('|');
}

describe('io in inputs', () => {
  test('io.open reads a file by lines, all at once and by byte counts', () => {
    writeFileSync(join(dir, 'in.txt'), 'one\ntwo\n3.5 rest\n');
    const out = inInput(`
      require "io"
      local fh = assert(io.open(read_config("dir") .. "/in.txt"))
      local a = fh:read("*l")
      local n = fh:read(2)
      fh:seek("set", 8)
      local num = fh:read("*n")
      local rest = fh:read("*a")
      fh:seek("set", 0)
      local all = fh:read("*a")
      local eof = fh:read("*l")
      fh:close()
      inject_message({Payload = table.concat({a, n, tostring(num), rest, #all, tostring(eof), io.type(fh)}, ",")})
      return 0`);
    expect(out).toBe('one,tw,3.5, rest\n,17,nil,closed file');
  });

  test('io.lines iterates a file; io.write and file:write write one', () => {
    writeFileSync(join(dir, 'lines.txt'), 'a\nb\nc');
    const out = inInput(`
      require "io"
      local d = read_config("dir")
      local t = {}
      for line in io.lines(d .. "/lines.txt") do t[#t + 1] = line end
      local fh = assert(io.open(d .. "/out.txt", "w"))
      fh:write("x=", 1, "\\n")
      fh:close()
      fh = assert(io.open(d .. "/out.txt", "a"))
      fh:write("appended\\n")
      fh:close()
      inject_message({Payload = table.concat(t, "+")})
      return 0`);
    expect(out).toBe('a+b+c');
    expect(readFileSync(join(dir, 'out.txt'), 'utf8')).toBe('x=1\nappended\n');
  });

  test('a missing file gives Lua\'s nil, message, errno', () => {
    const out = inInput(`
      require "io"
      local fh, err, code = io.open(read_config("dir") .. "/nope.txt")
      inject_message({Payload = tostring(fh) .. " " .. err .. " " .. code})
      return 0`);
    expect(out).toBe(`nil ${dir}/nope.txt: No such file or directory 44`);
  });

  test('os.rename, os.remove and os.getenv work; os.exit and print stay removed', () => {
    writeFileSync(join(dir, 'a'), 'x');
    process.env['HEKA_SBX_IO_TEST'] = 'yes';
    const out = inInput(`
      require "os"
      local d = read_config("dir")
      assert(os.rename(d .. "/a", d .. "/b"))
      local ok = io == nil
      assert(os.remove(d .. "/b"))
      inject_message({Payload = table.concat({tostring(ok), os.getenv("HEKA_SBX_IO_TEST"), type(os.exit), type(print), type(loadstring), type(coroutine.create), type(collectgarbage)}, ",")})
      return 0`);
    expect(out).toBe('true,yes,nil,nil,nil,function,function');
    expect(existsSync(join(dir, 'a')) || existsSync(join(dir, 'b'))).toBe(false);
  });

  test('io.popen is refused as in a Lua built without popen; io.stdin reads as empty', () => {
    const out = inInput(`
      require "io"
      local ok, err = pcall(io.popen, "ls")
      inject_message({Payload = tostring(ok) .. " " .. (err:gsub("^.-: ", "")) .. " " .. tostring(io.read("*l"))})
      return 0`);
    expect(out).toBe("false 'popen' not supported nil");
  });

  test('files a script leaves open are closed when the sandbox goes', () => {
    writeFileSync(join(dir, 'held.txt'), 'x');
    const sb = sandbox('input', 'require "io"; held = io.open(read_config("dir") .. "/held.txt"); function process_message() return 0 end', { dir });
    sb.destroy();
    expect(sb.terminated).toBe(true);
  });
});

describe('what each kind reaches', () => {
  test.each([
    ['input', 'type(read_message), type(inject_payload), type(add_to_payload), type(inject_message)', 'nil nil nil function'],
    ['output', 'type(read_message), type(inject_payload), type(add_to_payload), type(inject_message)', 'function nil nil nil'],
  ] as const)('%s', (kind, expr, expected) => {
    const sb = sandbox(kind, `result = table.concat({${expr}}, " ") function process_message() return 0 end`);
    expect(new TextDecoder().decode(sb.preserve())).toContain(`_G["result"] = "${expected}"`);
  });

  test('filters and decoders still cannot open files, even through require', () => {
    for (const kind of ['filter', 'decoder', 'encoder'] as const) {
      expect(() => sandbox(kind, "require 'io'")).toThrow(/module 'io' not found/);
      const sb = sandbox(kind, "require 'os'; function process_message() return 0 end");
      expect(new TextDecoder().decode(sb.preserve())).not.toContain('remove');
    }
  });
});
