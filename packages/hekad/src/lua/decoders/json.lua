-- JSON decoder: the payload's JSON object becomes message fields (nested keys joined with ".",
-- arrays as key.1, key.2, …; JSON null dropped).
-- Config (as Heka's json.lua): type (default "json"), payload_keep, map_fields; with map_fields
-- the keys Payload, Uuid, Type, Logger, Hostname (JSON strings) and Severity, EnvVersion, Pid
-- (JSON numbers) name the JSON members copied to those headers; Timestamp names the member
-- holding the time, in ns unless timestamp_format (strftime) says how it is written.
require "cjson"
local util = require "util"
local dt = require "date_time"

local payload_keep = read_config("payload_keep")
local map_fields = read_config("map_fields")
local timestamp_format = read_config("timestamp_format")
local timestamp_grammar = timestamp_format and dt.build_strftime_grammar(timestamp_format)
local timestamp_key = read_config("Timestamp")
local default_type = read_config("type") or "json"

-- Header → {JSON member named in the config, Lua type it must have}
local headers = {}
for header, kind in pairs({ Payload = "string", Uuid = "string", Type = "string", Logger = "string",
    Hostname = "string", Severity = "number", EnvVersion = "number", Pid = "number" }) do
    local key = read_config(header)
    if key then headers[header] = { key = key, kind = kind } end
end

function process_message()
    local payload = read_message("Payload")
    local ok, json = pcall(cjson.decode, payload)
    if not ok or type(json) ~= "table" then return -1, "Failed to decode JSON." end

    local msg = { Type = default_type }
    if payload_keep then msg.Payload = payload end
    if map_fields then
        for header, m in pairs(headers) do
            -- a mapped header is unset when its member is missing or of the wrong type (as in Heka)
            local v = json[m.key]
            if type(v) == m.kind then
                msg[header] = v
                json[m.key] = nil
            else
                msg[header] = nil
            end
        end
    end

    if timestamp_key then
        local ts = json[timestamp_key]
        if ts ~= nil then
            if timestamp_grammar then
                local t = timestamp_grammar:match(tostring(ts))
                if not t then return -1, "Failed to decode timestamp." end
                msg.Timestamp = dt.time_to_ns(t)
            else
                msg.Timestamp = ts
            end
        end
        json[timestamp_key] = nil
    end

    local fields = {}
    util.table_to_fields(json, fields)
    msg.Fields = fields
    if not pcall(inject_message, msg) then return -1, "Failed to inject message." end
    return 0
end
