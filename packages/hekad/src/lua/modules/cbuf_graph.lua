-- cbuf_graph: what the shipped graphing filters (http_status, stat_graph, heka_memstat) do with
-- their circular buffer on every tick: when an anomaly_config is set, run the detection, alert
-- (throttled by the alert module) and annotate what it finds; then send the buffer as
-- inject_payload("cbuf", title, [annotations,] cbuf) for the dashboard.
local alert = require "alert"
local annotation = require "annotation"
local anomaly = require "anomaly"

local M = {}

-- The parsed anomaly_config of the plugin (nil when unset); annotations are kept as long as
-- the buffer's window.
function M.setup(title, rows, sec_per_row)
    annotation.set_prune(title, rows * sec_per_row * 1e9)
    return anomaly.parse_config(read_config("anomaly_config"))
end

function M.send(ns, title, cbuf, anomaly_config)
    if not anomaly_config then
        inject_payload("cbuf", title, cbuf)
        return
    end
    if not alert.throttled(ns) then
        local msg, annotations = anomaly.detect(ns, title, cbuf, anomaly_config)
        if msg then
            annotation.concat(title, annotations)
            alert.send(ns, msg)
        end
    end
    inject_payload("cbuf", title, annotation.prune(title, ns) or "", cbuf)
end

return M
