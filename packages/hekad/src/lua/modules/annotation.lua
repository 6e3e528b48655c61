-- annotation: dygraph annotations for cbuf graphs, kept per payload name in the global
-- _ANNOTATIONS[name] = {annotations = {...}, prune_duration = ns} (a global so preserve_data
-- keeps it; read on every call because restoring replaces it). prune() returns the JSON line a
-- cbuf payload starts with.
local math = require "math"
local cjson = require "cjson"
local ipairs = ipairs

_ANNOTATIONS = {}

local M = {}
local default_prune = 86400e9 -- a day

local function entry(name)
    local a = _ANNOTATIONS[name]
    if not a then
        a = { annotations = {}, prune_duration = default_prune }
        _ANNOTATIONS[name] = a
    end
    return a
end

-- An annotation of column `col` at `ns` (x is in ms, as dygraphs wants).
function M.create(ns, col, stext, text)
    return { x = math.floor(ns / 1e6), col = col, shortText = stext, text = text }
end

function M.add(name, ns, col, stext, text)
    local list = entry(name).annotations
    list[#list + 1] = M.create(ns, col, stext, text)
end

function M.concat(name, annotations)
    local list = entry(name).annotations
    for _, a in ipairs(annotations) do list[#list + 1] = a end
end

function M.remove(name)
    _ANNOTATIONS[name] = nil
end

function M.set_prune(name, ns_duration)
    entry(name).prune_duration = ns_duration
end

-- Drops annotations older than the prune duration at `ns` and returns
-- '{"annotations":[...]}\n' (nil when the name has none).
function M.prune(name, ns)
    local a = _ANNOTATIONS[name]
    if not a then return nil end
    local kept = {}
    for _, v in ipairs(a.annotations) do
        if v.x * 1e6 + a.prune_duration > ns then kept[#kept + 1] = v end
    end
    a.annotations = kept
    return cjson.encode({ annotations = kept }) .. "\n"
end

return M
