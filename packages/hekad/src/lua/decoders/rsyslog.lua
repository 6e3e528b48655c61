-- rsyslog decoder: parses lines rsyslog wrote with a string template.
-- Config: template (the template string from rsyslog.conf, required), type, hostname_keep
-- (keep the input's Hostname instead of the logged one), tz (a zone for timestamps without an
-- offset; applied by SandboxDecoder). Heka's field and header mapping:
--   timestamp/timereported → Timestamp; pri → Severity + syslogfacility field;
--   syslogseverity[-text]/syslogpriority[-text] → Severity; syslogtag → programname + Pid;
--   hostname/source → Hostname; msg → Payload; every other property → a field of its name.
local syslog = require "syslog"

local template = read_config("template")
if type(template) ~= "string" then
    error("config: template must be the rsyslog template string, e.g. template = '%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\\n'", 0)
end

-- a format the grammar builder refuses is named in the error, with the config key
local built, grammar = pcall(syslog.build_rsyslog_grammar, template)
if not built then error("config: template: " .. grammar, 0) end
local msg_type = read_config("type")
local hostname_keep = read_config("hostname_keep")

local severity_keys = { "syslogseverity", "syslogseverity-text", "syslogpriority", "syslogpriority-text" }

function process_message()
    local fields = grammar:match(read_message("Payload"))
    if not fields then return -1 end
    local msg = { Type = msg_type, Timestamp = fields.timestamp }
    fields.timestamp = nil

    if fields.pri then
        msg.Severity = fields.pri.severity
        fields.syslogfacility = fields.pri.facility
        fields.pri = nil
    else
        for _, k in ipairs(severity_keys) do
            if msg.Severity == nil then msg.Severity = fields[k] end
            fields[k] = nil
        end
    end

    local tag = fields.syslogtag
    if tag then
        fields.programname = tag.programname
        msg.Pid = tag.pid
        fields.syslogtag = nil
    end

    if not hostname_keep then
        msg.Hostname = fields.hostname or fields.source
        fields.hostname, fields.source = nil, nil
    end

    msg.Payload = fields.msg
    fields.msg = nil
    msg.Fields = fields
    -- a property value inject_message cannot carry (e.g. structured data) fails the line only
    if not pcall(inject_message, msg) then return -1 end
    return 0
end
