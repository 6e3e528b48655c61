-- elasticsearch: the ElasticSearch bulk API "index" action line, with %{} interpolation of the
-- current message (see msg_interpolate) in each part. Same API as Heka's module.
local cjson = require "cjson"
local interp = require "msg_interpolate"

local M = {}

-- {"index":{"_index":…,"_type":…,"_id":…}}; nil arguments are left out; strftime expansions
-- use `ns` (or now when nil).
function M.bulkapi_index_json(index, type_name, id, ns)
    local secs = ns and ns / 1e9
    local function part(s) return s and interp.interpolate_from_msg(s, secs) end
    return cjson.encode({ index = { _index = part(index), _type = part(type_name), _id = part(id) } })
end

return M
