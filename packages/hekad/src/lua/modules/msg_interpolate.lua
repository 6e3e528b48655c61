-- msg_interpolate: replaces %{name} in a string with values of the current message — a header
-- (Type, Hostname, Pid, UUID, Logger, EnvVersion, Severity), else Fields[name], else the
-- strftime expansion of name at `secs` (UTC; now when nil) if that changes it. Anything else
-- is left as written. Same API as Heka's module.
local os = require "os"
local string = require "string"
local tostring, type = tostring, type

local M = {}

local headers = { Type = "Type", Hostname = "Hostname", Pid = "Pid", UUID = "Uuid", Logger = "Logger",
    EnvVersion = "EnvVersion", Severity = "Severity" }

-- The replacement for one %{name}, or nil to keep it.
local function lookup(name, secs)
    local header = headers[name]
    if header then return read_message(header) end
    local v = read_message("Fields[" .. name .. "]")
    if type(v) == "boolean" then return tostring(v) end
    if v ~= nil then return v end
    local t = os.date("!" .. name, secs)
    if t ~= name then return t end
end

function M.interpolate_from_msg(value, secs)
    if not string.find(value, "%%{[%w%p]-}") then return value end
    return (string.gsub(value, "%%{(.-)}", function(name) return lookup(name, secs) end))
end

return M
