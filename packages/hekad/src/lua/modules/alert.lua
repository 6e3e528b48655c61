-- alert: sends alerts as inject_payload("alert", "", text), at most one per throttle period
-- (1 hour by default). The time of the last alert lives in the global _LAST_ALERT so that
-- preserve_data keeps the throttle across restarts (it is read on every call, never cached,
-- because restoring the data replaces the global after the module loaded).
local table = require "table"

_LAST_ALERT = 0

local M = {}
local throttle = 3600e9
local queued -- texts waiting for send_queue

-- True when an alert at `ns` would be throttled; ns == 0 is never throttled.
function M.throttled(ns)
    if ns == 0 then return false end
    return ns < _LAST_ALERT or ns - _LAST_ALERT <= throttle
end

function M.set_throttle(ns_duration)
    throttle = ns_duration
end

-- Sends `msg` now; false when it is empty or throttled.
function M.send(ns, msg)
    if not msg or msg == "" or M.throttled(ns) then return false end
    inject_payload("alert", "", msg)
    if ns > _LAST_ALERT then _LAST_ALERT = ns end
    return true
end

-- Keeps `msg` for send_queue; false when it is empty or would be throttled.
function M.queue(ns, msg)
    if not msg or msg == "" or M.throttled(ns) then return false end
    queued = queued or {}
    queued[#queued + 1] = msg
    return true
end

-- Sends the queued texts as one alert, one per line; false when none is queued or throttled.
function M.send_queue(ns)
    if not queued then return false end
    local msg = table.concat(queued, "\n")
    queued = nil
    return M.send(ns, msg)
end

return M
