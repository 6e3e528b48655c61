// tonumber() goes through the core's hs_strtod (c/fast_strtod.c): plain decimals are converted
// there, everything else by musl's strtod. Either way the result must be the correctly rounded
// double, which is what JS's Number() gives for the same text.
import { decodeMessage, encodeMessage, Message } from '@heka/core';
import { LuaSandbox } from './lua-sandbox.js';

/** tonumber of each text, as %.17g (or "nil"). */
function luaNumbers(texts: string[]): string[] {
  const sb = LuaSandbox.create({
    source: `require 'string' require 'table'
function process_message()
  local out = {}
  for s in string.gmatch(read_message('Payload'), '([^|]*)|') do
    local n = tonumber(s)
    out[#out + 1] = n and string.format('%.17g', n) or 'nil'
  end
  inject_message({Payload = table.concat(out, '|')})
  return 0
end`,
  });
  try {
    const r = sb.processMessage(encodeMessage(new Message({ payload: texts.map((t) => `${t}|`).join('') })));
    return decodeMessage(r.injected[0]!).payload.split('|');
  } finally {
    sb.destroy();
  }
}

/** The double each text denotes (JS's Number() rounds correctly), compared as Lua's %.17g reads back. */
const same = (texts: string[]) => luaNumbers(texts).map((g, i) => Object.is(Number(g), Number(texts[i]!.trim())) || `${texts[i]} -> ${g}`);

test('plain decimals convert exactly as strtod does', () => {
  const texts = ['0', '-0', '7', '+3', ' 42', '200', '304', '1234567', '0.1', '0.123', '-12.5', '3.14159265358979',
    '123456789012345', '999999999999999', '0.000000000000001', '99999999999999.9', '.5', '5.', '-.25', '00.1', '0000000000000000001',
    '1234567890123456', '9007199254740993', '0.30000000000000004', '1e5', '1.5e-3', '1.7976931348623157e308'];
  // and a spread of random ones, as log fields carry them (ids, sizes, durations)
  let seed = 12345;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) >>> 0) % n;
  for (let i = 0; i < 500; i++) {
    const whole = String(rand(1_000_000_000) * 1_000 + rand(1_000)).slice(0, 1 + rand(12));
    texts.push(rand(2) ? whole : `${whole}.${String(rand(1_000_000)).padStart(1 + rand(6), '0')}`);
  }
  expect(same(texts)).toEqual(texts.map(() => true));
});

test('texts that are not plain decimals keep strtod\'s answers (hex, inf, trailing garbage)', () => {
  expect(luaNumbers(['0x1F', '0x1p4', 'inf', '-inf', 'nan', '12abc', '', '-', '1 ', '1e'])).toEqual(
    ['31', '16', 'inf', '-inf', 'nan', 'nil', 'nil', 'nil', '1', 'nil']);
});
