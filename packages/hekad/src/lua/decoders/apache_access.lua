-- Apache access log decoder: one message per log line, fields named as nginx_access.lua names
-- them (%h → remote_addr, %>s → status, %t → the Timestamp, …).
-- Config: log_format (the LogFormat string, required), type, user_agent_transform,
-- user_agent_keep, user_agent_conditional, payload_keep — as Heka's apache_access.lua.
local clf = require "common_log_format"
local ua = require "user_agent_fields"

local log_format = read_config("log_format")
if type(log_format) ~= "string" then
    error("config: log_format must be the Apache LogFormat string, e.g. log_format = '%h %l %u %t \"%r\" %>s %b'", 0)
end

-- a format the grammar builder refuses is named in the error, with the config key
local built, grammar = pcall(clf.build_apache_grammar, log_format)
if not built then error("config: log_format: " .. grammar, 0) end
local msg_type = read_config("type")
local payload_keep = read_config("payload_keep")
local transform = ua.from_config()

function process_message()
    local line = read_message("Payload")
    local fields = grammar:match(line)
    if not fields then return -1 end
    local msg = { Type = msg_type, Timestamp = fields.time }
    fields.time = nil
    if payload_keep then msg.Payload = line end
    transform(fields)
    msg.Fields = fields
    inject_message(msg)
    return 0
end
