-- http_status: HTTP responses per status class over a sliding window, from the numeric
-- Fields[status] of web server access log messages (nginx_access.lua, apache_access.lua).
-- Sends the window on every tick as a cbuf payload named "HTTP Status" (columns HTTP_100 …
-- HTTP_500 and HTTP_UNKNOWN), with anomaly alerts when anomaly_config is set.
--
-- Config (Heka's keys):
--   sec_per_row (60)    seconds per row
--   rows (1440)         rows in the window (1440 × 60 s: the last 24 hours)
--   anomaly_config      see the anomaly module, e.g. 'roc("HTTP Status", 2, 15, 0, 1.5, true, false)'
--   preservation_version (0)  raise it after changing rows or sec_per_row when preserve_data is on
local math = require "math"
require "circular_buffer"
local graph = require "cbuf_graph"

-- one more than configured: the saved layout of this script differs from older ones
_PRESERVATION_VERSION = (read_config("preservation_version") or 0) + 1

local title = "HTTP Status"
local rows = read_config("rows") or 1440
local sec_per_row = read_config("sec_per_row") or 60
local anomaly_config = graph.setup(title, rows, sec_per_row)

status = circular_buffer.new(rows, 6, sec_per_row)
local UNKNOWN = 6
for class = 1, 5 do status:set_header(class, "HTTP_" .. class .. "00") end
status:set_header(UNKNOWN, "HTTP_UNKNOWN")

function process_message()
    local code = read_message("Fields[status]")
    if type(code) ~= "number" then return -1 end
    local class = math.floor(code / 100)
    if class < 1 or class > 5 then class = UNKNOWN end
    status:add(read_message("Timestamp"), class, 1)
    return 0
end

function timer_event(ns)
    graph.send(ns, title, status, anomaly_config)
end
