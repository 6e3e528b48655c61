-- field_util: choosing message fields for encoders (field lists, base fields, timestamp
-- precision) and %{} interpolation. Same API as Heka's module.
local math = require "math"
local string = require "string"
local interp = require "msg_interpolate"
local pairs = pairs

local M = {}

-- Header fields an encoder may copy (Uuid and Timestamp are handled apart).
M.base_fields_list = { Type = true, Payload = true, Hostname = true, Pid = true, Logger = true,
    Severity = true, EnvVersion = true }
-- Header fields usable as tags.
M.base_fields_tag_list = { Type = true, Hostname = true, Severity = true, Logger = true }

local divisors = { ms = 1e6, s = 1e9, m = 60e9, h = 3600e9 }

-- `field` with %{name} replaced by the current message's values.
function M.field_interp(field)
    return interp.interpolate_from_msg(field, nil)
end

-- A space-separated field list as a set, plus whether it asks for all base fields
-- ("**all_base**") and for all fields ("**all**", which also selects the base ones). An empty
-- or nil list means every base field.
function M.field_map(fields_str)
    if not fields_str or fields_str == "" then return M.base_fields_list, true, false end
    local fields, all_base, all = {}, false, false
    for name in string.gmatch(fields_str, "%S+") do
        fields[name] = true
        if name == "**all_base**" then all_base = true end
        if name == "**all**" then all = true end
    end
    if all_base or all then
        for name in pairs(M.base_fields_list) do fields[name] = true end
    end
    return fields, all_base, all
end

-- The message Timestamp in ms (default), "s", "m" or "h", rounded down.
function M.message_timestamp(timestamp_precision)
    return math.floor(read_message("Timestamp") / (divisors[timestamp_precision] or divisors.ms))
end

-- The base fields not in `skip_fields`.
function M.used_base_fields(skip_fields)
    local fields = {}
    for name in pairs(M.base_fields_list) do
        if not skip_fields[name] then fields[name] = true end
    end
    return fields
end

return M
