-- stat_graph: graphs chosen fields of statmetric messages (StatAccumInput with
-- emit_in_fields = true: Fields[timestamp] in seconds plus one field per stat) in a sliding
-- window, one column per stat, sent on every tick as a cbuf payload named by `title`.
--
-- Config (Heka's keys):
--   title ("Stats")           payload name and graph title
--   rows (300), sec_per_row (1)  the window
--   stats (required)          space-separated field names, e.g. "stats.counters.hits.count"
--   stat_labels (required)    space-separated column names, one per stat (15 characters kept)
--   stat_aggregation ("sum"), stat_unit ("count")  column header settings
--   anomaly_config            see the anomaly module
--   preservation_version (0)  raise it after changing rows, sec_per_row, stats or stat_labels
local string = require "string"
require "circular_buffer"
local graph = require "cbuf_graph"

_PRESERVATION_VERSION = read_config("preservation_version") or 0

local function words(s)
    local list = {}
    for w in string.gmatch(s, "%S+") do list[#list + 1] = w end
    return list
end

local title = read_config("title") or "Stats"
local rows = read_config("rows") or 300
local sec_per_row = read_config("sec_per_row") or 1
local stats = words(read_config("stats") or error("stats configuration must be specified"))
local labels = words(read_config("stat_labels") or error("stat_labels configuration must be specified"))
if #stats ~= #labels then error("stats and stat_labels configuration must have the same number of items") end
local unit = read_config("stat_unit") or "count"
local aggregation = read_config("stat_aggregation") or "sum"
local anomaly_config = graph.setup(title, rows, sec_per_row)

cbuf = circular_buffer.new(rows, #stats, sec_per_row)
local fields = {}
for i, stat in ipairs(stats) do
    cbuf:set_header(i, labels[i], unit, aggregation)
    fields[i] = "Fields[" .. stat .. "]"
end

function process_message()
    local secs = read_message("Fields[timestamp]")
    if type(secs) ~= "number" then return -1 end
    local ns = secs * 1e9
    for i, field in ipairs(fields) do
        local value = read_message(field)
        if type(value) == "number" then cbuf:add(ns, i, value) end
    end
    return 0
end

function timer_event(ns)
    graph.send(ns, title, cbuf, anomaly_config)
end
