-- influx_batch: messages as InfluxDB line-protocol points (as schema_influx_line.lua encodes
-- them), gathered into one heka.sandbox-output message (payload_type "txt", payload_name
-- "influx_line") on every tick, or every flush_count messages; pair it with an HttpOutput and a
-- PayloadEncoder. Config: schema_influx_line.lua's keys plus flush_count (0: ticks only).
-- Nothing is sent for a tick without messages.
require "table"
local ts_line_protocol = require "ts_line_protocol"
local config = require "influx_line_config"

local flush_count = tonumber(read_config("flush_count")) or 0
local pending = 0 -- messages in the payload being gathered

local function flush()
    if pending > 0 then inject_payload("txt", "influx_line") end
    pending = 0
end

function process_message()
    local lines = ts_line_protocol.influxdb_line_msg(config)
    add_to_payload(table.concat(lines, "\n"), "\n")
    pending = pending + 1
    if flush_count > 0 and pending >= flush_count then flush() end
    return 0
end

function timer_event(ns)
    flush()
end
