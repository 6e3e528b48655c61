import { luaEval } from '../lua-harness.js';

// Whole-string matches: the grammar must consume the address exactly.
const matches = (grammar: 'v4' | 'v6', addrs: string[]) =>
  luaEval(`local ip = require 'ip_address'
local l = require 'lpeg'
local g = ip.${grammar} * -1
local out = {}
for i, a in ipairs(${JSON.stringify(addrs).replace('[', '{').replace(/]$/, '}')}) do out[i] = g:match(a) ~= nil end
return out`);

describe('ip_address', () => {
  test('v4 accepts dotted quads 0-255 only', () => {
    expect(matches('v4', ['127.0.0.1', '255.255.255.255', '0.0.0.0', '10.250.3.99'])).toEqual([true, true, true, true]);
    expect(matches('v4', ['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4.5', 'a.b.c.d'])).toEqual([false, false, false, false, false]);
  });

  test('v6 accepts full, compressed and IPv4-tailed forms', () => {
    expect(matches('v6', ['2001:db8:0:0:1:0:0:1', '2001:db8::1', '::1', '::', 'fe80::', '::ffff:192.0.2.128', '1:2:3:4:5:6:7::'])).toEqual([true, true, true, true, true, true, true]);
    expect(matches('v6', ['2001:db8::1::2', '12345::', ':1', '1:2:3:4:5:6:7:8:9', 'g::1'])).toEqual([false, false, false, false, false]);
  });
});
