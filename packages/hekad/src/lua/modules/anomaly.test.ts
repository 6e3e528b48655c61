// anomaly runs on circular_buffer objects. The C circular_buffer is not in our sandbox yet, so
// these tests give detect() a small Lua buffer with the same methods (rows of seconds_per_row,
// NaN for empty cells, compute avg/sd over a time range, a one-sided Mann-Whitney U test).
import { luaEval, luaError } from '../lua-harness.js';

const CBUF = `
require 'math'
local function cbuf(rows, cols, spr)
  local b = { rows = rows, spr = spr, newest = (rows - 1) * spr * 1e9, cells = {} }
  for r = 0, rows - 1 do b.cells[r] = {}; for c = 1, cols do b.cells[r][c] = 0/0 end end
  local function row_of(ns) return math.floor(ns / (spr * 1e9)) end
  local function index(ns)
    local r = row_of(ns)
    local newest = row_of(b.newest)
    if r > newest or r <= newest - rows then return nil end
    return r % rows
  end
  function b:get_configuration() return rows, cols, spr end
  function b:current_time() return self.newest end
  function b:get(ns, col) local i = index(ns) return i and self.cells[i][col] end
  function b:add(ns, col, v)
    while row_of(ns) > row_of(self.newest) do   -- advancing clears the rows that come round again
      self.newest = self.newest + spr * 1e9
      local i = index(self.newest)
      for c = 1, cols do self.cells[i][c] = 0/0 end
    end
    local i = index(ns)
    if not i then return nil end
    local cur = self.cells[i][col]
    self.cells[i][col] = (cur ~= cur) and v or cur + v
    return self.cells[i][col]
  end
  local function values(col, s, e)
    local out = {}
    s = s or b.newest - (rows - 1) * spr * 1e9
    e = e or b.newest
    for t = s, e, spr * 1e9 do
      local i = index(t)
      if not i then return nil end
      local v = b.cells[i][col]
      if v == v then out[#out + 1] = v end
    end
    return out
  end
  function b:compute(fn, col, s, e)
    local v = values(col, s, e)
    if not v then return nil end
    local sum = 0
    for _, x in ipairs(v) do sum = sum + x end
    local avg = sum / #v
    if fn == 'avg' then return avg, #v end
    local sq = 0
    for _, x in ipairs(v) do sq = sq + (x - avg) ^ 2 end
    return math.sqrt(sq / #v), #v
  end
  function b:mannwhitneyu(col, s1, e1, s2, e2)
    local a, c = values(col, s1, e1), values(col, s2, e2)
    if not a or not c or #a == 0 or #c == 0 then return nil end
    local u = 0
    for _, x in ipairs(a) do for _, y in ipairs(c) do
      if x > y then u = u + 1 elseif x == y then u = u + 0.5 end
    end end
    local n1, n2 = #a, #c
    local mu, sigma = n1 * n2 / 2, math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    local z = (math.abs(u - mu) - 0.5) / sigma
    local p = 0.5 * math.exp(-0.717 * z - 0.416 * z * z) -- normal tail approximation
    return u, p
  end
  return b
end
local an = require 'anomaly'
`;
const run = (body: string) => luaEval(`${CBUF}\n${body}`);

describe('anomaly.parse_config', () => {
  test('every algorithm, several per payload name, "" inside a name', () => {
    expect(run(`return an.parse_config('roc("HTTP Status", 2, 15, 0, 1.5, true, false) mww_nonparametric("HTTP Status", 5, 15, 10, 0.8)mww("say ""hi""", 1, 20, 4, 0.0001, decreasing)')`)).toEqual({
      'HTTP Status': [
        { algorithm: 'roc', col: 2, win: 15, hwin: 0, sd: 1.5, loss_of_data: true, start_of_data: false },
        { algorithm: 'mww_nonparametric', col: 5, win: 15, nwin: 10, pstat: 0.8 },
      ],
      'say "hi"': [{ algorithm: 'mww', col: 1, win: 20, nwin: 4, pvalue: 0.0001, trend: 'decreasing' }],
    });
    expect(run('return an.parse_config(nil)')).toBeNull();
    expect(luaError(`local an = require 'anomaly' an.parse_config('roc("x", 1)') return 1`)).toMatch(/could not parse the anomaly_config/);
  });
});

describe('anomaly.detect', () => {
  const T = 'local spr = 60e9';
  test('roc: a jump beyond sd standard deviations of the history, once per row interval', () => {
    expect(run(`${T}
local b = cbuf(40, 1, 60)
for r = 0, 33 do b:add(r * spr, 1, 10 + (r % 2)) end   -- history: 10, 11, 10, 11 …
for r = 34, 38 do b:add(r * spr, 1, 30) end            -- the last complete window jumps
local cfg = an.parse_config('roc("s", 1, 5, 0, 3, false, false)')
local text, annos = an.detect(39 * spr, 's', b, cfg)
local again = an.detect(39 * spr + 1e9, 's', b, cfg)     -- same row interval: not run again
return { text, annos, again == nil }`)).toEqual([
      's - algorithm: roc col: 1 msg: detected anomaly, standard deviation exceeds 3',
      [{ x: 39 * 60e3, col: 1, shortText: 'A', text: 'detected anomaly, standard deviation exceeds 3' }],
      true,
    ]);
  });

  test('roc: steady data is no anomaly; data stopping or starting is, when asked', () => {
    expect(run(`${T}
local b = cbuf(40, 1, 60)
for r = 0, 38 do b:add(r * spr, 1, 10 + (r % 2)) end
return an.detect(39 * spr, 's', b, an.parse_config('roc("s", 1, 5, 0, 3, true, true)')) or 'none'`)).toBe('none');
    expect(run(`${T}
local b = cbuf(40, 1, 60)
for r = 0, 33 do b:add(r * spr, 1, 10) end               -- nothing in the last window
return an.detect(39 * spr, 's', b, an.parse_config('roc("s", 1, 5, 0, 3, true, false)'))`)).toBe('s - algorithm: roc col: 1 msg: no new data');
    expect(run(`${T}
local b = cbuf(40, 1, 60)
for r = 34, 38 do b:add(r * spr, 1, 10) end               -- data only in the last window
return an.detect(39 * spr, 's', b, an.parse_config('roc("s", 1, 5, 0, 3, false, true)'))`)).toBe('s - algorithm: roc col: 1 msg: unexpected data');
  });

  test('detect advances the buffer with NaN when no data arrived', () => {
    expect(run(`${T}
local b = cbuf(10, 1, 60)
an.detect(25 * spr, 'other', b, {})
local v = b:get(25 * spr, 1)
return { b:current_time() / spr, v ~= v }`)).toEqual([25, true]);
  });

  test('mww: the newest window differs from more than a quarter of the earlier ones, in the trend', () => {
    const body = (trend: string) => `${T}
local b = cbuf(100, 1, 60)
for r = 0, 79 do b:add(r * spr, 1, 100 + (r % 5)) end
for r = 80, 98 do b:add(r * spr, 1, 50 + (r % 5)) end   -- the newest 20 rows drop
return an.detect(99 * spr, 's', b, an.parse_config('mww("s", 1, 20, 4, 0.01, ${trend})')) or 'none'`;
    expect(run(body('decreasing'))).toBe('s - algorithm: mww col: 1 msg: detected anomaly, decreasing values');
    expect(run(body('any'))).toBe('s - algorithm: mww col: 1 msg: detected anomaly');
    expect(run(body('increasing'))).toBe('none');
    expect(luaError(`${CBUF} local b = cbuf(10, 1, 60) an.detect(9 * 60e9, 's', b, an.parse_config('mww("s", 1, 5, 2, 0.01, any)')) return 1`))
      .toMatch(/s - algorithm: mww col: 1 msg: arguments out of range/);
  });

  test('mww_nonparametric: pstat beyond the configured one on the same side of 0.5', () => {
    const body = (pstat: string) => `${T}
local b = cbuf(100, 1, 60)
for r = 0, 79 do b:add(r * spr, 1, r % 7) end
for r = 80, 98 do b:add(r * spr, 1, 5 + r % 7) end      -- the newest window is higher
return an.detect(99 * spr, 's', b, an.parse_config('mww_nonparametric("s", 1, 20, 4, ${pstat})')) or 'none'`;
    const text = run(body('0.6')) as string;
    expect(text).toMatch(/^s - algorithm: mww_nonparametric col: 1 msg: detected anomaly, pstat: 0\.\d{1,6}$/); // %G: 6 digits
    expect(Number(text.split('pstat: ')[1])).toBeGreaterThan(0.6);
    expect(run(body('0.4'))).toBe('none');
  });
});
