-- schema_influx_line: every dynamic field of a message as one InfluxDB line-protocol point
-- (InfluxDB 0.9+ /write API), base fields as tags by default:
--   <name_prefix><delimiter><field>[,<tag>=<value>…] <value_field_key>=<value> <timestamp>
-- Config (all optional, as Heka's encoder): decimal_precision ("6"), name_prefix (may use
-- %{field} interpolation), name_prefix_delimiter, skip_fields (space separated; **all_base**),
-- source_value_field, tag_fields ("**all_base**"; **all**), timestamp_precision ("ms"; s, m, h),
-- value_field_key ("value"). The lines are the output, each ended by "\n".
require "table"
local ts_line_protocol = require "ts_line_protocol"
local config = require "influx_line_config"

function process_message()
    local lines = ts_line_protocol.influxdb_line_msg(config)
    inject_payload("txt", "influx_line", table.concat(lines, "\n") .. "\n")
    return 0
end
