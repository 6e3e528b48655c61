-- unique_items: an estimate of the distinct values of one message variable per UTC day (e.g.
-- daily active users by uid), with a hyperloglog. Each day's running estimate goes into a cbuf
-- of 365 one-day rows, sent on every tick (payload_type "cbuf", named by title), and also as
-- deltas (payload_type "cbufd") when enable_delta is set.
--
-- Config (Heka's keys):
--   message_variable (required)  e.g. "Fields[uid]"; the column is named after the field
--   title ("Estimated Unique Daily <message_variable>")  the cbuf payload name
--   enable_delta (false)         also send cbufd deltas (for sharded counting)
--   preservation_version (0)     raise it after changing enable_delta when preserve_data is on
require "math"
require "string"
require "hyperloglog"
require "circular_buffer"

local function setting(key, default, kind)
    local v = read_config(key)
    if v == nil then return default end
    if type(v) ~= kind then error(string.format("%s must be a %s, got %s", key, kind, tostring(v))) end
    return v
end

_PRESERVATION_VERSION = setting("preservation_version", 0, "number")

local message_variable = read_config("message_variable")
    or error("message_variable configuration must be specified")
if type(message_variable) ~= "string" then
    error("message_variable must be a string such as \"Fields[uid]\"")
end
local title = setting("title", "Estimated Unique Daily " .. message_variable, "string")
local enable_delta = setting("enable_delta", false, "boolean")
local NS_PER_DAY = 60 * 60 * 24 * 1e9

-- globals, so that preserve_data keeps them (Heka's names)
active_day = 0   -- UTC day number being counted
hll = hyperloglog.new()
active = circular_buffer.new(365, 1, 60 * 60 * 24, enable_delta)
local COLUMN = active:set_header(1, message_variable:match("^Fields%[([^%]]+)%]") or message_variable)

function process_message()
    local ts = read_message("Timestamp")
    local day = math.floor(ts / NS_PER_DAY)
    if day < active_day then return 0 end -- an earlier day: already counted
    if day > active_day then
        active_day = day
        hll:clear()
    end

    local value = read_message(message_variable)
    local kind = type(value)
    if kind ~= "string" and kind ~= "number" then return -1 end
    if hll:add(value) then active:set(ts, COLUMN, hll:count()) end
    return 0
end

function timer_event(ns)
    inject_payload("cbuf", title, active:format("cbuf"))
    if enable_delta then inject_payload("cbufd", title, active:format("cbufd")) end
end
