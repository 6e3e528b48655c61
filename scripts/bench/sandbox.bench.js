// Lua sandbox throughput: a cheap filter (3 read_message + a counter) over the typical ~225-byte
// message, through LuaSandbox.processMessage (copy into wasm memory, process_message in Lua,
// read_message in C), and a SandboxDecoder parsing nginx-style access lines with LPeg into a
// message with 6 fields. Run `pnpm build` first; prints one JSON line per case. Target for the
// cheap filter ≥ 250,000 msg/s.
import { Message, encodeMessage } from '../../packages/core/dist/index.js';
import { LuaSandbox } from '../../packages/hekad/dist/sandbox/lua-sandbox.js';
import { Pack } from '../../packages/hekad/dist/pipeline/pack.js';
import { SandboxDecoderInstance } from '../../packages/hekad/dist/plugins/decoders/sandbox-decoder.js';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMBINED, line } from './nginx-lines.js';
import { measure, report } from './measure.js';
import { typicalMessages } from './typical-messages.js';

const CHEAP_FILTER = `
count = 0
function process_message()
  local t = read_message("Type")
  local h = read_message("Logger")
  local c = read_message("Fields[code]")
  if t and h and c then count = count + 1 end
  return 0
end
function timer_event(ns) inject_payload("txt", "count", count) end
`;

const EMPTY_FILTER = 'function process_message() return 0 end';

const encoded = typicalMessages(256).map(encodeMessage);
const only = process.argv.slice(2);

for (const [name, source] of [['cheap-filter', CHEAP_FILTER], ['empty-process_message', EMPTY_FILTER]]) {
  if (only.length && !only.includes(name)) continue;
  const sb = LuaSandbox.create({ source, filename: `${name}.lua` });
  const result = measure((i) => {
    if (sb.processMessage(encoded[i & 255]).status !== 0) throw new Error(sb.terminationError);
  }, { rounds: 7 });
  if (name === 'cheap-filter') {
    const counted = sb.timerEvent(0).injected.length;
    if (counted !== 1) throw new Error('the filter did not count');
  }
  report({ bench: 'sandbox', case: name, msgPerCpuSecond: Math.round(result.perCpuSecond), msgPerWallSecond: Math.round(result.perWallSecond), maxMemory: sb.usage().maxMemory });
  sb.destroy();
}

// An LPeg decoder of combined-log-like lines: 6 captures become fields of an injected message.
const LPEG_DECODER = `
require 'lpeg' require 'string'
local sp = lpeg.P' '
local field = lpeg.C((1 - sp)^1)
local quoted = '"' * lpeg.C((1 - lpeg.P'"')^0) * '"'
local num = lpeg.R'09'^1 / tonumber
local line = lpeg.Ct(lpeg.Cg(field, 'remote_addr') * ' - - [' * lpeg.Cg((1 - lpeg.P']')^1, 'time') * '] '
  * lpeg.Cg(quoted, 'request') * sp * lpeg.Cg(num, 'status') * sp * lpeg.Cg(num, 'body_bytes_sent') * sp
  * '"' * (1 - lpeg.P'"')^0 * '"' * sp * lpeg.Cg(quoted, 'http_user_agent'))
local msg = {Type = 'nginx.access', Timestamp = 0, Fields = nil}
function process_message()
  local f = line:match(read_message('Payload'))
  if not f then return -1 end
  msg.Timestamp = read_message('Timestamp')
  f.status = {value = f.status, value_type = 2}
  msg.Fields = f
  inject_message(msg)
  return 0
end`;

if (!only.length || only.includes('lpeg-decoder')) {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-bench-'));
  writeFileSync(join(dir, 'decoder.lua'), LPEG_DECODER);
  const decoder = new SandboxDecoderInstance({ filename: join(dir, 'decoder.lua'), preserve_data: false, memory_limit: 8388608, instruction_limit: 1000000, output_limit: 64512, module_directory: dir, config: {} },
    'Bench', { share_dir: dir, hostname: 'bench' });
  const lines = Array.from({ length: 256 }, (_, i) => `10.0.${i}.1 - - [21/Nov/2026:08:00:${String(i % 60).padStart(2, '0')} +0000] "GET /i/${i} HTTP/1.1" ${200 + (i % 5) * 100} ${1000 + i} "-" "curl/8.${i % 10}"\n`);
  const result = measure((i) => {
    const out = decoder.decode(new Pack(new Message({ type: 'logfile', payload: lines[i & 255], timestamp: 1n })));
    if (out.length !== 1 || out[0].message.fields.length !== 6) throw new Error('decode failed');
  }, { rounds: 7 });
  report({ bench: 'sandbox', case: 'lpeg-decoder', linesPerCpuSecond: Math.round(result.perCpuSecond), linesPerWallSecond: Math.round(result.perWallSecond) });
  rmSync(dir, { recursive: true });
}

// The shipped nginx decoder with the combined log_format, on varied lines (nginx-lines.js):
// the sandbox's share of the nginx pipeline benchmark (nginx.bench.js).
if (!only.length || only.includes('nginx-access')) {
  const share = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'packages', 'hekad', 'dist', 'share');
  const decoder = new SandboxDecoderInstance({ filename: join(share, 'lua_decoders', 'nginx_access.lua'), preserve_data: false, memory_limit: 8388608, instruction_limit: 1000000, output_limit: 64512, module_directory: join(share, 'lua_modules'), config: { type: 'nginx.access', log_format: COMBINED } },
    'Bench', { share_dir: share, hostname: 'bench' });
  const lines = Array.from({ length: 4096 }, (_, i) => Buffer.from(line(i).text));
  const result = measure((i) => {
    const out = decoder.decode(new Pack(new Message({ logger: 'nginx', payload: lines[i & 4095], timestamp: 1n })));
    if (out.length !== 1) throw new Error('decode failed');
  }, { rounds: 7 });
  report({ bench: 'sandbox', case: 'nginx-access', linesPerCpuSecond: Math.round(result.perCpuSecond), linesPerWallSecond: Math.round(result.perWallSecond) });
}
