// anomaly on real circular_buffer objects (the C module): detect() advances the buffer, reads
// its geometry and runs compute/mannwhitneyu over windows of rows.
import { luaEval, luaError } from '../lua-harness.js';

const CBUF = `
require 'circular_buffer'
local function cbuf(rows, cols, spr) return circular_buffer.new(rows, cols, spr) end
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
