-- graphite: Graphite plaintext lines ("<path> <value> <secs>\n") for counters and timers,
-- computed as StatAccumInput does (stats.counters.* / stats.timers.*). Same API as Heka's module.
local string = require "string"
local math = require "math"
local table = require "table"
local pairs, ipairs = pairs, ipairs

local M = {}

-- The count and the per-second rate of one counter bucket.
function M.count_rate(bucket, count, ticker_interval, now_sec)
    return string.format("stats.counters.%s.count %d %d\nstats.counters.%s.rate %f %d\n",
        bucket, count, now_sec, bucket, count / ticker_interval, now_sec)
end

-- count_rate for every bucket of {bucket = count}.
function M.multi_counts_rates(counts, ticker_interval, now_sec)
    local out = {}
    for bucket, count in pairs(counts) do
        out[#out + 1] = M.count_rate(bucket, count, ticker_interval, now_sec)
    end
    return table.concat(out)
end

-- Timer statistics: count, count_ps, lower, upper, sum, mean, and the mean and upper bound of
-- the lowest percent_thresh % of the values (`times` is sorted in place).
function M.timeseries_metrics(bucket, times, ticker_interval, percent_thresh, now_sec)
    local count = #times
    local lower, upper, sum, mean, rate, mean_pct, upper_pct = 0, 0, 0, 0, 0, 0, 0
    if count > 0 then
        table.sort(times)
        rate = count / ticker_interval
        lower, upper = times[1], times[count]
        local running = { [0] = 0 }
        for i, t in ipairs(times) do running[i] = running[i - 1] + t end
        mean_pct, upper_pct = lower, upper
        if count > 1 then
            local kept = count - math.floor((100 - percent_thresh) / 100 * count + 0.5)
            if kept > 0 then
                mean_pct, upper_pct = running[kept] / kept, times[kept]
            end
        end
        sum = running[count]
        mean = sum / count
    end
    local line = function(name, fmt, v) return string.format("stats.timers.%s.%s " .. fmt .. " %d\n", bucket, name, v, now_sec) end
    return line("count", "%d", count) .. line("count_ps", "%f", rate) .. line("lower", "%f", lower)
        .. line("upper", "%f", upper) .. line("sum", "%f", sum) .. line("mean", "%f", mean)
        .. line(string.format("mean_%d", percent_thresh), "%f", mean_pct)
        .. line(string.format("upper_%d", percent_thresh), "%f", upper_pct)
end

-- timeseries_metrics for every bucket of {bucket = {times…}}.
function M.multi_timeseries_metrics(timers, ticker_interval, percent_thresh, now_sec)
    local out = {}
    for bucket, times in pairs(timers) do
        out[#out + 1] = M.timeseries_metrics(bucket, times, ticker_interval, percent_thresh, now_sec)
    end
    return table.concat(out)
end

function M.ns_to_sec(ns)
    return math.floor(ns / 1e9)
end

return M
