// SandboxInput and SandboxOutput from bin/hekad: a Lua input reads a file with io and injects
// messages that a FileOutput writes, and a Lua output writes them with io, flushing at shutdown.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin } from '@heka/core/testing';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-sandbox-io-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

it('a SandboxInput feeds a FileOutput and a SandboxOutput; hekad exits after the single run', () => {
  writeFileSync(join(dir, 'in.lua'), `
require "io"
require "string"
function process_message()
  for line in io.lines(read_config("path")) do
    local k, v = string.match(line, "^(%w+)=(%d+)$")
    if k then inject_message({Type = "kv", Payload = line, Fields = {key = k, value = tonumber(v)}}) end
  end
  return 0
end
`);
  writeFileSync(join(dir, 'out.lua'), `
require "io"
require "string"
local fh = assert(io.open(read_config("path"), "w"))
count = 0
function process_message()
  count = count + 1
  fh:write(string.format("%s %s %d\\n", read_message("Type"), read_message("Fields[key]"), read_message("Fields[value]")))
  return 0
end
function timer_event(ns)
  fh:write("total ", count, "\\n")
  fh:close()
end
`);
  writeFileSync(join(dir, 'data.txt'), 'a=1\nb=22\njunk\nc=333\n');
  const path = join(dir, 'hekad.toml');
  writeFileSync(path, `
[hekad]
log_flags = 0
share_dir = "${dir}"
base_dir = "${join(dir, 'base')}"

[Lines]
type = "SandboxInput"
filename = "in.lua"
  [Lines.config]
  path = "${join(dir, 'data.txt')}"

[PayloadEncoder]
append_newlines = true

[File]
type = "FileOutput"
path = "${join(dir, 'payloads.txt')}"
message_matcher = "Type == 'kv'"
encoder = "PayloadEncoder"

[Writer]
type = "SandboxOutput"
filename = "out.lua"
message_matcher = "Type == 'kv'"
timer_event_on_shutdown = true
  [Writer.config]
  path = "${join(dir, 'written.txt')}"
`);
  const run = runBin('hekad', [`-config=${path}`]);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toContain("Input 'Lines': single run completed");
  expect(readFileSync(join(dir, 'payloads.txt'), 'utf8')).toBe('a=1\nb=22\nc=333\n');
  expect(readFileSync(join(dir, 'written.txt'), 'utf8')).toBe('kv a 1\nkv b 22\nkv c 333\ntotal 3\n');
});

it('a SandboxOutput that fails stops alone (can_exit) while the FileOutput goes on', () => {
  writeFileSync(join(dir, 'out.lua'), 'function process_message() return 1, "disk gone" end\n');
  const path = join(dir, 'hekad.toml');
  writeFileSync(path, `
[hekad]
log_flags = 0
share_dir = "${dir}"

[stdin]
type = "StdinInput"

[PayloadEncoder]
append_newlines = false

[File]
type = "FileOutput"
path = "${join(dir, 'payloads.txt')}"
message_matcher = "Type == 'stdin'"
encoder = "PayloadEncoder"

[Broken]
type = "SandboxOutput"
filename = "out.lua"
message_matcher = "Type == 'stdin'"
`);
  const run = runBin('hekad', [`-config=${path}`], { input: 'one\ntwo\n' });
  expect(run.code).toBe(0);
  expect(run.stderr).toContain("Plugin 'Broken' error: FATAL: disk gone");
  expect(run.stdout).toContain("Plugin 'Broken': has stopped, exiting plugin without shutting down.");
  expect(readFileSync(join(dir, 'payloads.txt'), 'utf8')).toBe('one\ntwo\n');
});

it('a shipped Lua encoder (lua_encoders/es_payload.lua) on a FileOutput, from the package share_dir', () => {
  const path = join(dir, 'hekad.toml');
  writeFileSync(path, `
[hekad]
log_flags = 0

[stdin]
type = "StdinInput"

[es]
type = "SandboxEncoder"
filename = "lua_encoders/es_payload.lua"
  [es.config]
  index = "%{Logger}-%{Type}"
  type_name = "line"

[File]
type = "FileOutput"
path = "${join(dir, 'bulk.txt')}"
message_matcher = "Type == 'stdin'"
encoder = "es"
`);
  const run = runBin('hekad', [`-config=${path}`], { input: '{"a":1}\n{"b":2}\n' });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(readFileSync(join(dir, 'bulk.txt'), 'utf8')).toBe(
    '{"index":{"_index":"stdin-stdin","_type":"line"}}\n{"a":1}\n{"index":{"_index":"stdin-stdin","_type":"line"}}\n{"b":2}\n');
});
