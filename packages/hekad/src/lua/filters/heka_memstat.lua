-- heka_memstat: graphs hekad's heap figures from its heka.memstat messages (HeapSys,
-- HeapAlloc, HeapIdle, HeapInuse, HeapReleased in bytes, HeapObjects), the largest value per
-- row, sent on every tick as a cbuf payload named "Stats". Match it with
-- message_matcher = "Type == 'heka.memstat'".
--
-- Config (Heka's keys): rows (1440), sec_per_row (60), anomaly_config, preservation_version (0).
require "circular_buffer"
local graph = require "cbuf_graph"

_PRESERVATION_VERSION = read_config("preservation_version") or 0

local title = "Stats"
local rows = read_config("rows") or 1440
local sec_per_row = read_config("sec_per_row") or 60
local anomaly_config = graph.setup(title, rows, sec_per_row)

local names = { "HeapSys", "HeapAlloc", "HeapIdle", "HeapInuse", "HeapReleased", "HeapObjects" }
stats = circular_buffer.new(rows, #names, sec_per_row)
local fields = {}
for i, name in ipairs(names) do
    stats:set_header(i, name, name == "HeapObjects" and "count" or "B", "max")
    fields[i] = "Fields[" .. name .. "]"
end

function process_message()
    local ns = read_message("Timestamp")
    for i, field in ipairs(fields) do
        local value = read_message(field)
        if type(value) == "number" then stats:set(ns, i, value) end
    end
    return 0
end

function timer_event(ns)
    graph.send(ns, title, stats, anomaly_config)
end
