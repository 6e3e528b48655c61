-- nginx access log decoder: one message per log line, fields named after the log_format
-- variables ($time_local / $time_iso8601 / $msec become the Timestamp).
-- Config: log_format (required), type, user_agent_transform, user_agent_keep,
-- user_agent_conditional, payload_keep — as Heka's nginx_access.lua.
local clf = require "common_log_format"
local access_log = require "access_log"

process_message = access_log.decoder(clf.build_nginx_grammar, "nginx log_format", '$remote_addr [$time_local] "$request" $status')
