-- es_payload: the message Payload prefixed with an ElasticSearch bulk API index action line:
--   {"index":{"_index":"heka-2015.11.10","_type":"message"}}\n<Payload>\n
-- Config (all optional, as Heka's encoder): index ("heka-%{%Y.%m.%d}"), type_name ("message"),
-- id (none), es_index_from_timestamp (false: strftime parts use the current time; true: the
-- message's Timestamp). index, type_name and id interpolate %{Field} names (Type, Hostname,
-- Pid, UUID, Logger, EnvVersion, Severity, dynamic fields) and otherwise strftime (UTC).
-- A newline ends the payload unless it already ends with one.
require "string"
local elasticsearch = require "elasticsearch"

local index = read_config("index") or "heka-%{%Y.%m.%d}"
local type_name = read_config("type_name") or "message"
local id = read_config("id")
local from_timestamp = read_config("es_index_from_timestamp")

function process_message()
    -- Heka 0.10 meant to honour es_index_from_timestamp but always used the current time
    -- (docs/compatibility.md): here the message's Timestamp is used when asked for
    local ns = from_timestamp and read_message("Timestamp") or nil
    local payload = read_message("Payload") or ""
    add_to_payload(elasticsearch.bulkapi_index_json(index, type_name, id, ns), "\n", payload)
    if string.sub(payload, -1) ~= "\n" then add_to_payload("\n") end
    inject_payload()
    return 0
end
