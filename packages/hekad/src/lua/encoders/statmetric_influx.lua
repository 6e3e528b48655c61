-- statmetric_influx: a heka.statmetric message (StatAccumInput with emit_in_fields = true) as the
-- JSON body of InfluxDB 0.8's HTTP series API, one series per stat field:
--   [{"name":"stats.counters.x.count","columns":["time","value"],"points":[[<ms>,<value>]]},…]
-- The time is Fields[timestamp] (seconds) in milliseconds; a message without it is refused (-1).
-- No config. Our own code with the behaviour of Heka's encoder of the same name.
require "cjson"

function process_message()
    local secs = read_message("Fields[timestamp]")
    if not secs then return -1 end
    local ms = secs * 1000
    local series = {}
    while true do
        local value_type, name, value = read_next_field()
        if not value_type then break end
        -- value_type 1 is BYTES: not a number InfluxDB could store
        if name ~= "timestamp" and value_type ~= 1 then
            series[#series + 1] = { name = name, columns = { "time", "value" }, points = { { ms, value } } }
        end
    end
    inject_payload("json", "influx_stats", cjson.encode(series))
    return 0
end
