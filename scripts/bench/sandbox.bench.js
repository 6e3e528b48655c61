// Lua sandbox throughput: a cheap filter (3 read_message + a counter) over the typical ~225-byte
// message, through LuaSandbox.processMessage (copy into wasm memory, process_message in Lua,
// read_message in C). Run `pnpm build` first; prints one JSON line per case. Target ≥ 250,000 msg/s.
import { encodeMessage } from '../../packages/core/dist/index.js';
import { LuaSandbox } from '../../packages/hekad/dist/sandbox/lua-sandbox.js';
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
