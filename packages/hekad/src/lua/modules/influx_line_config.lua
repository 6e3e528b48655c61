-- influx_line_config: the ts_line_protocol config of schema_influx_line.lua (encoder) and
-- influx_batch.lua (filter), read from their shared config keys (Heka's names and defaults):
-- decimal_precision, name_prefix, name_prefix_delimiter, skip_fields, source_value_field,
-- tag_fields, timestamp_precision, value_field_key.
local ts_line_protocol = require "ts_line_protocol"

return ts_line_protocol.set_config({
    decimal_precision = read_config("decimal_precision"),
    name_prefix = read_config("name_prefix"),
    name_prefix_delimiter = read_config("name_prefix_delimiter"),
    skip_fields_str = read_config("skip_fields"),
    source_value_field = read_config("source_value_field"),
    tag_fields_str = read_config("tag_fields"),
    timestamp_precision = read_config("timestamp_precision"),
    value_field_key = read_config("value_field_key"),
})
