-- syslog: an LPeg grammar built from an rsyslog template string (%property[:from:to][:options]%
-- and literals), capturing each property under its lower-case name, as Heka's module does;
-- plus the `severity` grammar (level names → 0-7).
local lpeg = require "lpeg"
local string = require "string"
local math = require "math"
local dt = require "date_time"
local ip = require "ip_address"

local P, R, S, C, Cc, Cg, Ct, Cs, Cf = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct, lpeg.Cs, lpeg.Cf
local digit = R"09"
local alpha = R("az", "AZ")
local space = S" \t\n\r\f\v"
local tonumber, ipairs, error, type, rawset = tonumber, ipairs, error, type, rawset

local M = {}

-- Names (lower or upper case) of an ordered list, each standing for its number.
local function coded(list)
    local g
    for _, entry in ipairs(list) do
        local name, n = entry[1], entry[2]
        local alt = (P(name) + P(string.upper(name))) * Cc(n)
        g = g and g + alt or alt
    end
    return g
end

-- Longer names before their prefixes (warning/warn, error/err).
M.severity = coded({ { "debug", 7 }, { "info", 6 }, { "notice", 5 }, { "warning", 4 }, { "warn", 4 },
    { "error", 3 }, { "err", 3 }, { "crit", 2 }, { "alert", 1 }, { "emerg", 0 }, { "panic", 0 } })

local facility_text = coded({ { "kern", 0 }, { "user", 1 }, { "mail", 2 }, { "daemon", 3 },
    { "authpriv", 10 }, { "auth", 4 }, { "security", 4 }, { "syslog", 5 }, { "lpr", 6 }, { "news", 7 },
    { "uucp", 8 }, { "cron", 9 }, { "ftp", 11 }, { "ntp", 12 }, { "audit", 13 }, { "alert", 14 },
    { "clock", 15 }, { "local0", 16 }, { "local1", 17 }, { "local2", 18 }, { "local3", 19 },
    { "local4", 20 }, { "local5", 21 }, { "local6", 22 }, { "local7", 23 } })

-- RFC 5424 pieces
local octet = P(1)
local sp = P" "
local printable = R"!~"
local nilvalue = P"-"
local bom = P"\239\187\191"
local hostname = nilvalue + printable^-255
local sd_name = (printable - S'=]" ')^-32
local param_value = ((octet - S'"\\]') + P"\\" * octet)^0
    / function(v) return (string.gsub(v, '\\([]"\\])', "%1")) end
local sd_param = Cg((sd_name / function(n) return "_" .. n end) * '="' * param_value * '"')
local sd_element = P"[" * Cf(Ct"" * Cg(Cc"id" * C(sd_name)) * (sp * sd_param)^0, rawset) * "]"

local pri = digit^-3 / function(p)
    p = tonumber(p)
    return { facility = math.floor(p / 8), severity = p % 8 }
end

local programname = (printable - S" :[")^0

local time_formats = {
    ["date-rfc3164"] = dt.rfc3164_timestamp / dt.time_to_ns,
    ["date-rfc3164-buggyday"] = dt.rfc3164_timestamp / dt.time_to_ns,
    ["date-mysql"] = dt.mysql_timestamp / dt.time_to_ns,
    ["date-pgsql"] = dt.pgsql_timestamp / dt.time_to_ns,
    ["date-rfc3339"] = dt.rfc3339 / dt.time_to_ns,
    ["date-unixtimestamp"] = digit^1 / dt.seconds_to_ns,
    ["date-subseconds"] = digit^1 / tonumber,
}

-- Time properties: rfc3164 unless an option says otherwise; timereported is called timestamp.
local function time_property(prop)
    if prop.name == "timereported" then prop.name = "timestamp" end
    return time_formats[string.lower(prop.options or "")] or time_formats["date-rfc3164"]
end

local properties = {
    rawmsg = octet^0,
    hostname = hostname,
    source = hostname,
    fromhost = hostname,
    ["fromhost-ip"] = ip.v4 + ip.v6,
    syslogtag = Ct(Cg(programname, "programname") * ("[" * Cg(digit^1 / tonumber, "pid") * "]")^-1 * P":"^-1),
    programname = programname,
    pri = pri,
    ["pri-text"] = facility_text * "." * M.severity * "<" * pri * ">",
    iut = digit^1,
    syslogfacility = digit^-3 / tonumber,
    ["syslogfacility-text"] = facility_text,
    syslogseverity = digit / tonumber,
    ["syslogseverity-text"] = M.severity,
    syslogpriority = digit / tonumber,
    ["syslogpriority-text"] = M.severity,
    timegenerated = time_property,
    timereported = time_property,
    timestamp = time_property,
    ["protocol-version"] = digit^1,
    ["structured-data"] = Ct"" * nilvalue + sd_element,
    ["app-name"] = nilvalue + printable^-48,
    procid = nilvalue + printable^-128,
    msgid = nilvalue + printable^-32,
    inputname = printable^0,
    ["$bom"] = bom,
    ["$now"] = dt.rfc3339_full_date,
    ["$year"] = dt.date_fullyear,
    ["$month"] = dt.date_month,
    ["$day"] = dt.date_mday,
    ["$hour"] = dt.time_hour,
    ["$hhour"] = P"0" * S"01",
    ["$qhour"] = P"0" * R"03",
    ["$minute"] = dt.time_minute,
}

-- Building state: msg runs up to the last character of the literal before it (a newline when
-- a property came last).
local stop = "\n"

local function property(prop)
    if prop.options == "sp-if-no-1st-sp" then return sp^1 end
    prop.name = string.lower(prop.name)
    local g
    if prop.name == "msg" then
        g = (1 - P(stop))^0
    else
        g = properties[prop.name]
        if not g then error(string.format("invalid rsyslog property: '%s'", prop.name), 0) end
        if type(g) == "function" then g = g(prop) end
    end
    stop = "\n"
    return Cg(g, prop.name)
end

local escapes = { t = "\t", n = "\n", r = "\r", ['"'] = '"', ["'"] = "'", ["\\"] = "\\", ["%"] = "%",
    a = "\a", b = "\b", f = "\f", v = "\v" }
local unescape = Cs((P"\\" * C(S"tnr\"'\\%abfv") / escapes
    + P"\\" * (digit^-3 / function(d) return string.char(tonumber(d)) end) + 1)^0)

local function literal(text)
    text = unescape:match(text)
    stop = string.sub(text, -1)
    return P(text)
end

-- The grammar for lines written with rsyslog `template`; captures a table of properties.
function M.build_rsyslog_grammar(template)
    stop = "\n"
    local ws = space / function() return space end
    local options = P":" * Cg((1 - P"%")^0, "options")
    local substr = P":" * Cg((1 - P":")^0, "fromchar") * ":" * Cg((1 - S":%")^0, "tochar")
    local name = Cg((alpha + digit + S"-$")^1, "name")
    local prop = P"%" * (Ct(name * substr^-1 * options^-1) / property) * "%"
    local text = (1 - (ws + prop))^1 / literal
    local parts = Ct((ws + prop + text)^1):match(template)
    if not parts then error("could not parse the rsyslog template", 0) end
    local g
    for _, p in ipairs(parts) do g = g and g * p or p end
    return Ct(g)
end

return M
