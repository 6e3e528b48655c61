// hekad running Lua sandboxes from bin/hekad: a working filter, and a runaway one that ends
// alone while hekad carries on.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileSize, runBin, startBin } from '@heka/core/testing';

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

it('a SandboxFilter reads each line of a read as a message of its own (payload, uuid) when lines arrive in runs', async () => {
  writeFileSync(join(dir, 'tally.lua'), `
require 'string'
lines, bytes, uuids, seen = 0, 0, 0, {}
function process_message()
  lines = lines + 1
  bytes = bytes + #read_message('Payload')
  local u = read_message('Uuid')
  if not seen[u] then seen[u] = true; uuids = uuids + 1 end
  return 0
end
function timer_event(ns)
  inject_payload('txt', 'tally', string.format('%d lines, %d bytes, %d uuids', lines, bytes, uuids))
end
`);
  const logs = join(dir, 'logs');
  mkdirSync(logs);
  const log = join(logs, 'app.log');
  const line = (i: number) => `line ${String(i).padStart(5, '0')}\n`;
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i)).join('');
  writeFileSync(log, lines(0, 10));
  const path = join(dir, 'hekad.toml');
  writeFileSync(path, `
[hekad]
log_flags = 0
share_dir = "${dir}"
base_dir = "${join(dir, 'base')}"

[app]
type = "LogstreamerInput"
log_directory = "${logs}"
file_match = 'app\\.log'

[Tally]
type = "SandboxFilter"
filename = "tally.lua"
message_matcher = "Logger == 'app'"
ticker_interval = 60
timer_event_on_shutdown = true

[PayloadEncoder]
append_newlines = false

[lines]
type = "FileOutput"
message_matcher = "Logger == 'app'"
path = "${join(dir, 'out.log')}"
encoder = "PayloadEncoder"

[LogOutput]
message_matcher = "Type == 'heka.sandbox-output'"
encoder = "PayloadEncoder"
`);
  const run = startBin('hekad', [`-config=${path}`]);
  try {
    // The first lines are read while the filter may still be starting; these come in one read
    // while it waits for messages: a run.
    await run.waitFor(() => fileSize(join(dir, 'out.log')) === lines(0, 10).length);
    appendFileSync(log, lines(10, 2000));
    await run.waitFor(() => fileSize(join(dir, 'out.log')) === lines(0, 2000).length);
    run.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.stdout.toString()).toContain(`2000 lines, ${lines(0, 2000).length} bytes, 2000 uuids`);
  } finally {
    run.kill();
  }
});
