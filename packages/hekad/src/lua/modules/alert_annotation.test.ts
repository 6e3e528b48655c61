// alert and annotation keep their state in globals (for preserve_data); these run in a filter
// sandbox and look at what it injects.
import { decodeMessage, encodeMessage, Message } from '@heka/core';
import { LuaSandbox } from '../../sandbox/lua-sandbox.js';
import { MODULES_DIR, luaEval } from '../lua-harness.js';

const blank = encodeMessage(new Message({ uuid: new Uint8Array(16), timestamp: 0n }));

test('alert: sends, throttles for an hour by default, queues, and a zero time is never throttled', () => {
  const sb = LuaSandbox.create({
    filename: 'alerts.lua', moduleDirectory: MODULES_DIR,
    source: `local alert = require 'alert'
local step = 0
function process_message()
  step = step + 1
  local H, T = 3600e9, 1.5e18
  if step == 1 then return alert.send(T, 'first') and 0 or -1 end
  if step == 2 then return alert.send(T + H, 'too soon') and -1 or 0 end      -- exactly one hour: throttled
  if step == 3 then return (alert.throttled(T - 1) and alert.send(T + H + 1e6, 'second')) and 0 or -1 end
  if step == 4 then alert.queue(0, 'a'); alert.queue(0, ''); alert.queue(0, 'b') return alert.send_queue(0) and 0 or -1 end
  if step == 5 then alert.set_throttle(0) return (alert.send(T + H + 2e6, 'x') and not alert.send_queue(T + H + 3e6)) and 0 or -1 end
  return _LAST_ALERT == T + H + 2e6 and 0 or -1
end`,
  });
  try {
    const sent: string[] = [];
    for (let i = 1; i <= 6; i++) {
      const r = sb.processMessage(blank);
      expect({ step: i, status: r.status, error: r.error }).toEqual({ step: i, status: 0, error: undefined });
      for (const bytes of r.injected) {
        const m = decodeMessage(bytes);
        expect(m.fields.find((f) => f.name === 'payload_type')?.values).toEqual(['alert']);
        sent.push(m.payload);
      }
    }
    expect(sent).toEqual(['first', 'second', 'a\nb', 'x']);
  } finally {
    sb.destroy();
  }
});

test('annotation: create, add, concat, prune with the default day and a set duration, remove', () => {
  const out = luaEval(`local an = require 'annotation'
local day = 86400e9
local out = {}
out[1] = an.create(1500000000123456789, 2, 'A', 'alert text')
an.add('HTTP Status', 1000e9, 1, 'A', 'old')
an.concat('HTTP Status', { an.create(day + 5000e9, 3, 'B', 'new') })
out[2] = an.prune('HTTP Status', day + 1000e9)   -- 'old' is exactly a day old: pruned
an.set_prune('HTTP Status', 1e9)
out[3] = an.prune('HTTP Status', day + 5000e9 + 999e6)
out[4] = an.prune('HTTP Status', day + 5001e9)
an.remove('HTTP Status')
out[5] = an.prune('HTTP Status', 0) == nil
return out`) as [unknown, string, string, string, boolean];
  expect(out[0]).toEqual({ x: 1500000000123, col: 2, shortText: 'A', text: 'alert text' });
  const fresh = { x: 91400000, col: 3, shortText: 'B', text: 'new' };
  for (const line of out.slice(1, 4) as string[]) expect(line.endsWith('\n')).toBe(true);
  expect(JSON.parse(out[1])).toEqual({ annotations: [fresh] });
  expect(JSON.parse(out[2])).toEqual({ annotations: [fresh] });
  expect(JSON.parse(out[3])).toEqual({ annotations: {} }); // an empty Lua table encodes as {}, as in Heka
  expect(out[4]).toBe(true);
});
