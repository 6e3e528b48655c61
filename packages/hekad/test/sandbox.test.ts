// hekad running Lua sandboxes from bin/hekad: a working filter, and a runaway one that ends
// alone while hekad carries on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin } from '@heka/core/testing';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-sandbox-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

it('a SandboxFilter counts lines and reports at shutdown; a runaway sandbox ends alone', () => {
  writeFileSync(join(dir, 'count.lua'), `
require 'string'
lines, bytes = 0, 0
function process_message()
  lines = lines + 1
  bytes = bytes + #read_message('Payload')
  return 0
end
function timer_event(ns)
  inject_payload('txt', 'totals', string.format('%s: %d lines, %d bytes', read_config('title'), lines, bytes))
end
`);
  writeFileSync(join(dir, 'runaway.lua'), 'function process_message() while true do end end\n');
  const path = join(dir, 'hekad.toml');
  writeFileSync(path, `
[hekad]
log_flags = 0
share_dir = "${dir}"

[stdin]
type = "StdinInput"

[Count]
type = "SandboxFilter"
filename = "count.lua"
message_matcher = "Type == 'stdin'"
ticker_interval = 60
timer_event_on_shutdown = true
  [Count.config]
  title = "stdin"

[Runaway]
type = "SandboxFilter"
filename = "runaway.lua"
message_matcher = "Type == 'stdin'"

[PayloadEncoder]

[LogOutput]
message_matcher = "Type == 'heka.sandbox-output' || Type == 'heka.sandbox-terminated'"
encoder = "PayloadEncoder"
`);
  const run = runBin('hekad', [`-config=${path}`], { input: 'one\ntwo\nthree\n' });
  expect(run.code).toBe(0);
  const out = run.stdout.split('\n');
  expect(out).toContain('stdin: 3 lines, 14 bytes');
  expect(out).toContain('process_message() instruction_limit exceeded');
  expect(run.stdout).toMatch(/Plugin 'Runaway'.*has stopped, exiting plugin without shutting down/);
});

it('a SandboxDecoder turns lines into messages that a matcher can route on their fields', () => {
  writeFileSync(join(dir, 'kv.lua'), `
require 'string'
function process_message()
  local user, code = string.match(read_message('Payload'), '^(%w+) (%d+)')
  if not user then return -1, 'no user and code' end
  inject_message({Type = 'kv', Payload = user, Fields = {code = {value = tonumber(code), value_type = 2}}})
  return 0
end
`);
  const path = join(dir, 'hekad.toml');
  writeFileSync(path, `
[hekad]
log_flags = 0
share_dir = "${dir}"

[stdin]
type = "StdinInput"
decoder = "KV"
log_decode_failures = true

[KV]
type = "SandboxDecoder"
filename = "kv.lua"

[PayloadEncoder]

[LogOutput]
message_matcher = "Type == 'kv' && Fields[code] >= 500"
encoder = "PayloadEncoder"
`);
  const run = runBin('hekad', [`-config=${path}`], { input: 'alice 200\nbob 503\n???\ncarol 500\n' });
  expect(run.code).toBe(0);
  expect(run.stdout.split('\n').filter((l) => /^[a-z]+$/.test(l))).toEqual(['bob', 'carol']);
  expect(run.stderr).toContain('Failed parsing: no user and code payload: ???');
});
