-- anomaly: anomaly detection on circular_buffer columns, configured with a string of
-- roc(...), mww(...) and mww_nonparametric(...) calls keyed by cbuf payload name. Same API,
-- configuration syntax and alert texts as Heka's module:
--   roc("name", col, win, hwin, sd, loss_of_data, start_of_data)   rate of change vs history
--   mww("name", col, win, nwin, pvalue, decreasing|increasing|any)  Mann-Whitney, parametric
--   mww_nonparametric("name", col, win, nwin, pstat)                Mann-Whitney, non-parametric
local annotation = require "annotation"
local lpeg = require "lpeg"
local math = require "math"
local string = require "string"
local table = require "table"
local error, ipairs, tonumber = error, ipairs, tonumber

local P, R, S, Cc, Cf, Cg, Ct, Cs = lpeg.P, lpeg.R, lpeg.S, lpeg.Cc, lpeg.Cf, lpeg.Cg, lpeg.Ct, lpeg.Cs
local digit = R"09"
local space = S" \t\n\r\f\v"

local M = {}

local OVERLAP = 0.5 -- the Mann-Whitney statistic when both windows are alike

local function report(name, cfg, text, at)
    return string.format("%s - algorithm: %s col: %d msg: %s", name, cfg.algorithm, cfg.col, text),
        annotation.create(at, cfg.col, "A", text)
end

-- The cbuf's geometry: ns per row and the newest row's time.
local function geometry(cbuf)
    local rows, _, seconds_per_row = cbuf:get_configuration()
    return rows, seconds_per_row * 1e9, cbuf:current_time()
end

-- Compares the average of the last `win` complete rows with the `win` rows before it; an
-- anomaly when the change exceeds `sd` standard deviations of the older history, or when data
-- stops or starts (if asked).
local function roc(name, cbuf, cfg)
    local rows, row_ns, now = geometry(cbuf)
    if 3 * cfg.win >= rows or (cfg.hwin > 0 and cfg.hwin < cfg.win) then
        error(string.format("%s - algorithm: %s col: %d msg: win=%d hwin=%d arguments out of range (rows=%d)",
            name, cfg.algorithm, cfg.col, cfg.win, cfg.hwin, rows), 0)
    end
    local window = cfg.win * row_ns
    local previous_start, current_start = now - 2 * window, now - window
    local history_start = cfg.hwin ~= 0 and previous_start - cfg.hwin * row_ns or nil
    local history_sd = cbuf:compute("sd", cfg.col, history_start, previous_start - row_ns)
    local previous_avg, previous_n = cbuf:compute("avg", cfg.col, previous_start, current_start - row_ns)
    local current_avg, current_n = cbuf:compute("avg", cfg.col, current_start, now - row_ns)

    local text
    if cfg.loss_of_data and previous_n > 0 and current_n == 0 then
        text = "no new data"
    elseif cfg.start_of_data and previous_n == 0 and current_n > 0 then
        text = "unexpected data"
    elseif math.abs(current_avg - previous_avg) > history_sd * cfg.sd then
        text = string.format("detected anomaly, standard deviation exceeds %G", cfg.sd)
    end
    if text then return report(name, cfg, text, now) end
end

-- Calls fn(start, end) for each of the nwin-1 windows before the newest complete one (newest
-- first), after checking they fit in the buffer; returns that newest window.
local function windows(name, cbuf, cfg, fn)
    local rows, row_ns, now = geometry(cbuf)
    if cfg.win * cfg.nwin >= rows then
        error(string.format("%s - algorithm: %s col: %d msg: arguments out of range", name, cfg.algorithm, cfg.col), 0)
    end
    local size = cfg.win * row_ns
    local newest_start = now - size
    for s = newest_start - size, now - size * cfg.nwin + 1, -size do
        fn(newest_start, newest_start + size - row_ns, s, s + size - row_ns)
    end
    return now
end

-- Counts the earlier windows that differ significantly (p < pvalue) from the newest, in the
-- configured direction; an anomaly when more than a quarter of them do.
local function mww(name, cbuf, cfg)
    local differing = 0
    local now = windows(name, cbuf, cfg, function(ns, ne, s, e)
        local mean = cbuf:compute("avg", cfg.col, ns, ne)
        local older = (cfg.trend ~= "any") and cbuf:compute("avg", cfg.col, s, e) - mean
        if cfg.trend == "decreasing" and not (older > 0) then return end
        if cfg.trend == "increasing" and not (older < 0) then return end
        local _, p = cbuf:mannwhitneyu(cfg.col, ns, ne, s, e)
        if p and p < cfg.pvalue then differing = differing + 1 end
    end)
    if differing > cfg.nwin / 4 then
        local text = cfg.trend == "any" and "detected anomaly" or string.format("detected anomaly, %s values", cfg.trend)
        return report(name, cfg, text, now)
    end
end

-- Averages U / win² over the earlier windows; an anomaly when that statistic lies beyond
-- `pstat` on the same side of 0.5.
local function mww_nonparametric(name, cbuf, cfg)
    local sum = 0
    local now = windows(name, cbuf, cfg, function(ns, ne, s, e)
        local u = cbuf:mannwhitneyu(cfg.col, ns, ne, s, e)
        if u then sum = sum + u / (cfg.win * cfg.win) - OVERLAP end
    end)
    local pstat = sum / (cfg.nwin - 1) + OVERLAP
    if (cfg.pstat < OVERLAP and pstat < cfg.pstat) or (cfg.pstat > OVERLAP and pstat > cfg.pstat) then
        return report(name, cfg, string.format("detected anomaly, pstat: %G", pstat), now)
    end
end

local algorithms = { roc = roc, mww = mww, mww_nonparametric = mww_nonparametric }

-- The configuration grammar: calls one after another, optionally separated by white space.
local config_grammar
do
    local sep = P"," * space^0
    local uint = digit^1 / tonumber
    local real = digit^1 * (P"." * digit^1)^-1 / tonumber
    local bool = P"true" * Cc(true) + P"false" * Cc(false)
    local name = P'"' * Cs(((1 - P'"') + P'""' / '"')^1) * '"' -- "" inside is a quote
    local function arg(key, g) return sep * Cg(g, key) end
    local function call(algorithm, args)
        return space^0 * P(algorithm) * "(" * name * Ct(args * Cg(Cc(algorithm), "algorithm")) * ")"
    end
    local roc_call = call("roc", arg("col", uint) * arg("win", uint) * arg("hwin", uint) * arg("sd", real)
        * arg("loss_of_data", bool) * arg("start_of_data", bool))
    local mww_call = call("mww", arg("col", uint) * arg("win", uint) * arg("nwin", uint) * arg("pvalue", real)
        * arg("trend", P"decreasing" + "increasing" + "any"))
    local np_call = call("mww_nonparametric", arg("col", uint) * arg("win", uint) * arg("nwin", uint)
        * arg("pstat", P"0" * (P"." * digit^1)^-1 / tonumber))
    local function collect(t, payload, cfg)
        local list = t[payload]
        if not list then list = {}; t[payload] = list end
        list[#list + 1] = cfg
        return t
    end
    config_grammar = Cf(Ct"" * Cg(roc_call + np_call + mww_call)^1, collect) * space^0 * -1
end

-- {payload name = {cfg, …}} from the configuration string; nil for nil; an error when invalid.
function M.parse_config(config)
    if not config then return nil end
    local t = config_grammar:match(config)
    if not t then error("could not parse the anomaly_config", 0) end
    return t
end

-- Runs the algorithms configured for payload `name` on `cbuf` once per cbuf row interval.
-- Returns the alert text (one line per anomaly) and the annotations, or nil.
function M.detect(ns, name, cbuf, anomaly_config)
    if not cbuf:get(ns, 1) then cbuf:add(ns, 1, 0 / 0) end -- advance the buffer even without data
    local list = anomaly_config[name]
    if not list then return nil end
    if not list.last_run then
        local _, _, seconds_per_row = cbuf:get_configuration()
        list.last_run, list.interval = 0, seconds_per_row * 1e9
    end
    if not (ns > list.last_run and ns - list.last_run >= list.interval) then return nil end
    list.last_run = ns

    local texts, annos = {}, {}
    for _, cfg in ipairs(list) do
        local run = algorithms[cfg.algorithm]
        if not run then
            error(string.format("%s - algorithm: %s col: %d msg: unknown algorithm", name, cfg.algorithm, cfg.col), 0)
        end
        local text, anno = run(name, cbuf, cfg)
        if text then
            texts[#texts + 1] = text
            annos[#annos + 1] = anno
        end
    end
    if #texts > 0 then return table.concat(texts, "\n"), annos end
    return nil
end

return M
