-- util: helpers shared by decoders — flattening nested tables into message fields with dotted
-- names, and dropping the head of an array in place. Same API as Heka's util module.
local string = require "string"
local cjson = require "cjson"
local pairs, type = pairs, type

local M = {}

-- Copies `t` into `fields`, nested keys joined with `char` ("." by default): {a = {b = 1}}
-- gives fields["a.b"] = 1 and arrays give "a.1", "a.2"… From `max_depth` levels down, a table
-- is stored as its JSON text instead. Userdata (JSON null) is left out.
function M.table_to_fields(t, fields, parent, char, max_depth)
    if type(char) ~= "string" then char = "." end
    for k, v in pairs(t) do
        local key = parent and (parent .. char .. k) or k
        if type(v) == "table" then
            local _, separators = string.gsub(key, char, "")
            if type(max_depth) == "number" and separators + 1 >= max_depth then
                fields[key] = cjson.encode(v)
            else
                M.table_to_fields(v, fields, key, char, max_depth)
            end
        elseif type(v) ~= "userdata" then
            fields[key] = v
        end
    end
end

-- Removes array[1 .. idx-1], moving the rest down (idx beyond the end empties the array).
function M.behead_array(idx, array)
    if idx <= 1 then return end
    local n = #array
    local shift = idx - 1
    for i = 1, n do
        array[i] = array[i + shift] -- nil past the end
    end
end

return M
