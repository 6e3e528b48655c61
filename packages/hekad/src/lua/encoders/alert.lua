-- alert: a readable text for alert messages (heka.sandbox-output with payload_type "alert", and
-- heka.sandbox-terminated), e.g. for SmtpOutput:
--   Timestamp: 2014-05-14T14:20:18Z
--   Hostname: ip-10-226-204-51
--   Plugin: FxaBrowserIdHTTPStatus
--   Alert: HTTP Status - algorithm: roc col: 1 msg: detected anomaly, standard deviation exceeds 1.5
-- No config.
local os = require "os"
local string = require "string"

function process_message()
    local text = string.format("Timestamp: %s\nHostname: %s\nPlugin: %s\nAlert: %s\n",
        os.date("!%Y-%m-%dT%H:%M:%SZ", read_message("Timestamp") / 1e9),
        read_message("Hostname") or "", read_message("Logger") or "", read_message("Payload") or "")
    inject_payload("txt", "", text)
    return 0
end
