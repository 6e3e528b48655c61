-- Apache access log decoder: one message per log line, fields named as nginx_access.lua names
-- them (%h → remote_addr, %>s → status, %t → the Timestamp, …).
-- Config: log_format (the LogFormat string, required), type, user_agent_transform,
-- user_agent_keep, user_agent_conditional, payload_keep — as Heka's apache_access.lua.
local clf = require "common_log_format"
local access_log = require "access_log"

process_message = access_log.decoder(clf.build_apache_grammar, "Apache LogFormat", '%h %l %u %t "%r" %>s %b')
