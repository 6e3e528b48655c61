-- nginx error log decoder: "2014/01/10 07:04:56 [error] 16#0: *7 message" → Timestamp,
-- Severity (debug 7 … emerg 0), Pid, fields tid and connection, Payload = the message.
-- Config: type (default "nginx.error"), tz (the zone nginx wrote local times in; applied by
-- SandboxDecoder) — as Heka's nginx_error.lua.
local clf = require "common_log_format"

local msg_type = read_config("type") or "nginx.error"

function process_message()
    local msg = clf.nginx_error_grammar:match(read_message("Payload"))
    if not msg then return -1 end
    msg.Type = msg_type
    inject_message(msg)
    return 0
end
