// What heka-sbmgrload loads: N copies of a counting SandboxFilter (our Lua, Heka's output lines),
// named CounterSandbox<i>, each matching heka-flood's `hekabench` messages.

/**
 * Counts the messages it is given. On each tick that saw new messages it injects a `rate`
 * payload; every ten of those, a `summary` of their minimum, maximum and mean.
 */
export const COUNTER_SCRIPT = `-- heka-sbmgrload's counter (load testing the SandboxManagerFilter).
require "os"
require "string"
require "table"

count = 0           -- messages seen since the filter was loaded
reported_count = 0  -- count at the last rate report
reported_ns = os.time() * 1e9
rates = {}          -- rates reported since the last summary

function process_message()
    count = count + 1
    return 0
end

local function summarize()
    local lo, hi, sum = rates[1], rates[1], 0
    for _, r in ipairs(rates) do
        if r < lo then lo = r end
        if r > hi then hi = r end
        sum = sum + r
    end
    inject_payload("txt", "summary",
        string.format("AGG Sum. Min: %0.2f Max: %0.2f Mean: %0.2f", lo, hi, sum / #rates))
    rates = {}
end

function timer_event(ns)
    local seen = count - reported_count
    local elapsed = ns - reported_ns
    -- Quiet ticks report nothing, so an idle filter does not dilute the summary.
    if seen == 0 or elapsed <= 0 then return end
    local rate = seen / (elapsed / 1e9)
    reported_count, reported_ns = count, ns
    rates[#rates + 1] = rate
    inject_payload("txt", "rate", string.format("Got %d messages. %0.2f msg/sec", count, rate))
    if #rates == 10 then summarize() end
end
`;

export const counterName = (i: number): string => `CounterSandbox${i}`;

/** The filter's config section, as Heka's heka-sbmgrload wrote it. */
export function counterConfig(i: number): string {
  return `
[${counterName(i)}]
type = "SandboxFilter"
message_matcher = "Type == 'hekabench'"
ticker_interval = 1
filename = ""
preserve_data = true
`;
}
