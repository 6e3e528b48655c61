-- ts_line_protocol: the current message's dynamic fields as time-series points, in InfluxDB line
-- protocol ("name,tag=v value=1.000000 <ts>") or Carbon lines ("name value <ts>"). set_config()
-- first, then influxdb_line_msg(cfg) / carbon_line_msg(cfg) return a table of lines. Same API
-- and options as Heka's module.
local field_util = require "field_util"
local interp = require "msg_interpolate"
local string = require "string"
local table = require "table"
local pairs, ipairs, tostring, type = pairs, ipairs, tostring, type

local M = {}

-- Spaces and commas are escaped in names, tag keys and tag values.
local function escape(s)
    return (string.gsub(tostring(s), "([ ,])", "\\%1"))
end

-- Options and their defaults (false = unset).
local defaults = {
    carbon_format = false, decimal_precision = "6", name_prefix = false, name_prefix_delimiter = false,
    skip_fields_str = false, source_value_field = false, tag_fields_str = "**all_base**",
    timestamp_precision = "ms", value_field_key = "value",
}

function M.set_config(client_config)
    client_config = client_config or {}
    local cfg = {}
    for option, default in pairs(defaults) do cfg[option] = client_config[option] or default end
    if cfg.skip_fields_str then
        cfg.skip_fields, cfg.skip_fields_all_base = field_util.field_map(client_config.skip_fields_str)
        cfg.used_base_fields = field_util.used_base_fields(cfg.skip_fields)
    end
    if cfg.tag_fields_str then
        cfg.used_tag_fields, cfg.tag_fields_all_base, cfg.tag_fields_all = field_util.field_map(client_config.tag_fields_str)
    end
    cfg.interp_name_prefix = cfg.name_prefix and string.find(cfg.name_prefix, "%%{[%w%p]-}") ~= nil or false
    return cfg
end

-- {point name = value} from the dynamic fields (last array element), and the tag list.
local function points_and_tags(cfg)
    local prefix = cfg.name_prefix or ""
    if cfg.interp_name_prefix then prefix = interp.interpolate_from_msg(prefix) end
    local delimiter = cfg.name_prefix_delimiter or ""
    local tags = {}
    local tagging = not cfg.carbon_format

    if tagging and (cfg.tag_fields_all or cfg.tag_fields_all_base or cfg.used_tag_fields) then
        for name in pairs(field_util.base_fields_tag_list) do
            if cfg.tag_fields_all or cfg.tag_fields_all_base or cfg.used_tag_fields[name] then
                tags[#tags + 1] = escape(name) .. "=" .. escape(read_message(name))
            end
        end
    end

    local points = {}
    local msg = decode_message(read_message("raw"))
    for _, f in ipairs(msg.Fields or {}) do
        local name = f.name
        local value = f.value[#f.value]
        if cfg.carbon_format then name = string.gsub(name, "[^%w]", "_") end -- no stray path levels
        if tagging and (cfg.tag_fields_all or (cfg.used_tag_fields and cfg.used_tag_fields[name])) then
            tags[#tags + 1] = escape(name) .. "=" .. escape(value)
        end
        if cfg.source_value_field and name == cfg.source_value_field then
            points[prefix] = value
        elseif not cfg.skip_fields_str or (cfg.skip_fields and not cfg.skip_fields[name]) then
            points[prefix .. delimiter .. name] = value
        end
    end
    return points, tags
end

-- Carbon lines for the numeric points (seconds, or the configured precision).
function M.carbon_line_msg(cfg)
    local ts = field_util.message_timestamp(cfg.timestamp_precision)
    local lines = {}
    for name, value in pairs((points_and_tags(cfg))) do
        value = tostring(value)
        if string.match(value, "^[%d.]+$") then lines[#lines + 1] = name .. " " .. value .. " " .. ts end
    end
    return lines
end

-- InfluxDB lines: strings quoted, numbers always written as floats (decimal_precision digits) so
-- a series never changes type.
function M.influxdb_line_msg(cfg)
    local ts = field_util.message_timestamp(cfg.timestamp_precision)
    local points, tags = points_and_tags(cfg)
    local tag_text = #tags > 0 and ("," .. table.concat(tags, ",")) or ""
    local lines = {}
    for name, value in pairs(points) do
        if type(value) == "string" then value = '"' .. string.gsub(value, '"', '\\"') .. '"' end
        if type(value) == "number" or string.match(value, "^[%d.]+$") then
            value = string.format("%." .. cfg.decimal_precision .. "f", value)
        end
        lines[#lines + 1] = string.format("%s%s %s=%s %d", escape(name), tag_text, cfg.value_field_key, tostring(value), ts)
    end
    return lines
end

return M
