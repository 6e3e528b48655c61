-- common_log_format: LPeg grammars generated from nginx `log_format` and Apache `LogFormat`
-- strings, user agent normalisation and the nginx error log grammar. Field names, value types
-- and representations follow Heka's module so decoded messages look the same.
local lpeg = require "lpeg"
local string = require "string"
local dt = require "date_time"
local ip = require "ip_address"
local field_table = require "field_table"

local P, R, S, C, Cc, Cg, Ct, Cs, Carg, Cp = lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Cc, lpeg.Cg, lpeg.Ct, lpeg.Cs, lpeg.Carg, lpeg.Cp
local digit = R"09"
local xdigit = R("09", "af", "AF")
local alpha = R("az", "AZ")
local alnum = alpha + digit
local space = S" \t\n\r\f\v"
local tonumber, ipairs, pairs, error, type, setmetatable, rawset, next, unpack = tonumber, ipairs, pairs, error, type, setmetatable, rawset, next, unpack

local M = {}

local integer = digit^1 / tonumber
local double = digit^1 * "." * digit^1 / tonumber
local zero = function() return 0 end

-- A value with a representation, as Heka fields carry it: {value = v, representation = rep}.
-- A table constructor of the right size: cheaper than lpeg.Ct, which grows its table per key.
local function represented(rep)
    return function(v) return { value = v, representation = rep } end
end

-- How a field's value is captured: `patt` captures exactly `n` values. With n = 1 they are the
-- value, or with `rep` {value = v, representation = rep}; with n = 2 the value and its
-- representation. A text value has `span` too: the same match capturing where the text starts
-- and ends instead of the text (an injecting grammar copies it from the line: no Lua string).
-- (Grammars are put together from these specs; see compile.)
local function value(patt) return { patt = patt, n = 1 } end
local function text(patt) return { patt = C(patt), span = Cp() * patt * Cp(), n = 1 } end
-- A whole number in decimal digits has `digits`: where they start and end (see span).
local whole = { patt = integer, digits = Cp() * digit^1 * Cp(), n = 1 }
local function measured(patt, unit) return { patt = patt, n = 1, rep = unit, digits = patt == integer and whole.digits or nil } end

-- An address is tagged with what it is: ipv4, ipv6 or (anything URI-host-like) hostname.
local host_chars = alnum + S"-._~" + P"%" * xdigit * xdigit + S"!$&'()*+,;="
local host = { n = 2, patt = C(ip.v4) * Cc"ipv4" + C(ip.v6) * Cc"ipv6" + C(host_chars^1) * Cc"hostname",
    span = Cp() * ip.v4 * Cp() * Cc"ipv4" + Cp() * ip.v6 * Cp() * Cc"ipv6" + Cp() * host_chars^1 * Cp() * Cc"hostname" }

-- The spec as a pattern capturing the field's value alone.
local function one_value(spec)
    if spec.n == 2 then return spec.patt / function(v, rep) return { value = v, representation = rep } end end
    if spec.rep then return spec.patt / represented(spec.rep) end
    return spec.patt
end

-- A table of the values compute(text) gives, filled on first use: an LPeg `patt / cache`
-- capture answers repeated texts with a table lookup in C, without calling Lua. It is emptied
-- when it reaches `limit` entries, so it stays small.
local function memo(compute, limit)
    local count = 0
    return setmetatable({}, { __index = function(cache, text)
        local value = compute(text)
        if count >= limit then
            for k in pairs(cache) do cache[k] = nil end
            count = 0
        end
        count = count + 1
        rawset(cache, text, value)
        return value
    end })
end

local http_status = C(digit * digit * digit) / memo(tonumber, 1000)

-- $time_local straight to ns: the same text as dt.clf_timestamp accepts and the same value as
-- dt.time_to_ns gives, without building a table per line (a third of the decoder's time).
local month_numbers = {}
for i, name in ipairs({ "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" }) do
    month_numbers[name] = i
end
local clf_time_parts = (C(dt.date_mday) * "/" * C(dt.date_mabbr) * "/" * C(dt.date_fullyear) * ":"
    * C(dt.time_hour) * ":" * C(dt.time_minute) * ":" * C(dt.time_second) * " "
    * C(S"+-") * C(dt.time_hour) * C(dt.time_minute))
    / function(d, mon, y, h, mi, s, sign, oh, om)
        local offset = oh * 3600 + om * 60
        if sign == "+" then offset = -offset end
        return (dt.civil_to_seconds(y + 0, month_numbers[mon], d + 0, h + 0, mi + 0, s + 0) + offset) * 1e9
    end
-- Lines come roughly in time order, many per second: each distinct text is converted once, and
-- the last 64 or so are kept (a few KB). The text is matched without captures (date_time's
-- parts are named groups, which LPeg would record and skip): the same texts as clf_time_parts,
-- months as a tree of letters instead of twelve alternatives tried in turn.
local two_digits = digit * digit
local month_abbr = P"J" * (P"an" + P"u" * S"nl") + P"Feb" + P"Ma" * S"ry" + P"A" * (P"pr" + P"ug")
    + P"Sep" + P"Oct" + P"Nov" + P"Dec"
local hour = R"01" * digit + P"2" * R"03"
local minute = R"05" * digit
local clf_time_text = (P"0" * R"19" + R"12" * digit + P"3" * R"01") * "/" * month_abbr * "/" * two_digits * two_digits
    * ":" * hour * ":" * minute * ":" * (minute + P"60") * " " * S"+-" * hour * minute
local clf_time_ns = C(clf_time_text) / memo(function(text) return clf_time_parts:match(text) end, 64)

-- upstream_* values: one entry per upstream, ", " between servers, " : " between groups
local function list(item)
    local group = item * (", " * item)^0
    return group * (" : " * group)^0
end
local upstream_addr = C((1 - S", ")^1)
local upstream_time = double + P"-" / zero
local upstream_status = http_status + P"-" / zero

-- Every spec captures exactly its n values: capture-less patterns are text(), alternatives
-- capture in each branch ("-" as text).
local nginx_variables = {
    binary_remote_addr = text(P(4)),
    body_bytes_sent = measured(integer, "B"),
    bytes_sent = measured(integer, "B"),
    connection = whole,
    connection_requests = whole,
    content_length = measured(integer, "B"),
    host = host,
    hostname = host,
    https = text(P"on"^-1),
    is_args = text(P"?"^-1),
    msec = value(double / dt.seconds_to_ns),
    nginx_version = text(digit^1 * "." * digit^1 * "." * digit^1),
    pid = whole,
    pipe = text(S"p."),
    proxy_protocol_addr = host,
    remote_addr = host,
    remote_port = whole,
    request_completion = text(P"OK"^-1),
    request_length = measured(integer, "B"),
    request_method = text(P"GET" + "POST" + "HEAD" + "PUT" + "DELETE" + "OPTIONS" + "TRACE" + "CONNECT"),
    request_time = measured(double, "s"),
    scheme = text(P"https" + "http"),
    server_addr = host,
    server_name = host,
    server_port = whole,
    server_protocol = text(P"HTTP/" * digit^1 * "." * digit^1),
    status = { patt = http_status, digits = Cp() * digit * digit * digit * Cp(), n = 1 },
    tcpinfo_rtt = whole,
    tcpinfo_rttvar = whole,
    tcpinfo_snd_cwnd = whole,
    tcpinfo_rcv_space = whole,
    time_iso8601 = value(dt.rfc3339 / dt.time_to_ns),
    time_local = value(clf_time_ns),
    upstream_addr = value(Ct(list(upstream_addr)) + C"-"),
    upstream_cache_status = text(P"HIT" + "MISS" + "EXPIRED" + "BYPASS" + "STALE" + "UPDATING" + "REVALIDATED" + "-"),
    upstream_cache_last_modified = value(dt.build_strftime_grammar("%a, %d %b %Y %T GMT") / dt.time_to_ns + C"-"),
    upstream_response_length = value(Ct(list(integer)) / represented("B") + C"-"),
    upstream_response_time = measured(Ct(list(upstream_time)), "s"),
    upstream_status = value(Ct(list(upstream_status))),
}

-- The variables that become the message Timestamp rather than a field.
local time_variables = { time_local = true, time_iso8601 = true, msec = true }

-- Grammar building state: the last literal character before the variable being built decides
-- where an untyped value ends (a value opened by `"` may contain `\"`).
local delimiter = space

-- A field of the line: its name and value spec.
local function named(name, spec) return { name = name, spec = spec } end

local function string_value(name)
    if delimiter == '"' then -- runs of plain characters are one LPeg span instruction
        return named(name, text(((1 - S'\\"')^1 + P'\\"' + P'\\')^0))
    end
    return named(name, text((1 - delimiter)^0))
end

local function whitespace()
    delimiter = space
    return space^1
end

local function literal(text)
    delimiter = string.sub(text, -1)
    return P(text)
end

local function nginx_variable(name)
    local spec = nginx_variables[name]
    if not spec then return string_value(name) end
    if time_variables[name] then return named("time", spec) end
    return named(name, spec)
end

-- The order in which to set `keys` in a table sized for all of them so that it is laid out as
-- when they are set one by one in an empty table (as lpeg.Ct does), which decides the order
-- next() and inject_message see them in. A table grows when it is full (at its 1st, 2nd, 3rd,
-- 5th, 9th, ... key) and re-inserts its keys from its last node to its first before the new one.
local function insertion_order(keys)
    local full = 0 -- the size of the table when it grew the last time
    if #keys > 1 then
        full = 1
        while full * 2 < #keys do full = full * 2 end
    end
    local before, reinserted = {}, {}
    for i = 1, full do before[keys[i]] = true end
    for k in next, before do reinserted[#reinserted + 1] = k end
    local order = {}
    for i = #reinserted, 1, -1 do order[#order + 1] = reinserted[i] end
    for i = full + 1, #keys do order[#order + 1] = keys[i] end
    return order
end

-- Whether a table made by `build` iterates like one grown key by key, also after more keys are
-- added to both (user_agent_transform adds three).
local function same_layout(build, keys, nvalues)
    local values = {}
    for i = 1, nvalues do values[i] = true end
    local built, grown = build(unpack(values, 1, nvalues)), {}
    for _, k in ipairs(keys) do grown[k] = true end
    for _, k in ipairs({ "user_agent_browser", "user_agent_version", "user_agent_os", "a", "b", "c", "d", "e" }) do
        built[k], grown[k] = true, true
    end
    local a, b = next(built), next(grown)
    while a ~= nil or b ~= nil do
        if a ~= b then return false end
        a, b = next(built, a), next(grown, b)
    end
    return true
end

-- A function capture making the field table of `fields` (in line order) in one go, or nil when
-- it would not iterate as lpeg.Ct's table does; and how many values it takes.
local function table_builder(fields)
    local keys, plan, nvalues = {}, {}, 0
    for _, f in ipairs(fields) do
        if not plan[f.name] then keys[#keys + 1] = f.name end
        local spec = f.spec
        -- a name given twice keeps its place and takes its last value, as in lpeg.Ct
        plan[f.name] = { arg = nvalues + 1, kind = spec.n == 2 and 2 or spec.rep and 1 or 0, rep = spec.rep or false }
        nvalues = nvalues + spec.n
    end
    if #keys == 0 or nvalues > 150 then return nil end
    local order, args, kinds, reps = insertion_order(keys), {}, {}, {}
    for i, k in ipairs(order) do
        args[i], kinds[i], reps[i] = plan[k].arg, plan[k].kind, plan[k].rep
    end
    local build = field_table.builder(order, args, kinds, reps)
    if not same_layout(build, keys, nvalues) then return nil end
    return build, nvalues
end

-- The pattern of a field for an injecting grammar, and where its values go in `plan` (kinds
-- 3 to 6: text and digits by position, see field_table.c); returns the number of values it
-- captures.
local function injected_field(f, plan, first)
    local spec = f.spec
    local positions, kind = nil, spec.n == 2 and 2 or spec.rep and 1 or 0
    if f.name ~= "time" and spec.span then
        positions, kind = spec.span, spec.n == 2 and 4 or 3
    elseif f.name ~= "time" and spec.digits then
        positions, kind = spec.digits, spec.rep and 6 or 5
    end
    plan[f.name] = { arg = first, kind = kind, rep = spec.rep or false }
    if positions then return positions, spec.n + 1 end
    return spec.patt, spec.n
end

-- A function capture injecting the message access_log.lua's table path would inject of the
-- fields (see field_table.c), given the line (lpeg.Carg(1)) before the fields' values as
-- `plan` places them; nil when there is no field but the time. The fields go in the order the
-- field table from `build` iterates in.
local function field_injector(build, nvalues, plan, inject)
    local values = {}
    for i = 1, nvalues do values[i] = true end
    local keys, args, kinds, reps = {}, {}, {}, {}
    for k in next, build(unpack(values, 1, nvalues)) do
        if k ~= "time" then
            local i = #keys + 1
            keys[i], args[i], kinds[i], reps[i] = k, plan[k].arg, plan[k].kind, plan[k].rep
        end
    end
    if #keys == 0 then return nil end
    local time = plan.time and plan.time.arg or 0
    return field_table.injector(keys, args, kinds, reps, time, inject.type, inject.payload_keep and 1 or 0)
end

-- Parses a format with `item` (each producing a pattern, or a field from named()) and chains
-- them into a grammar capturing the table of fields. With `inject` ({type =, payload_keep =},
-- for access_log.lua) the grammar may instead inject the message itself: matched with the line
-- as extra argument it captures true; the second result says so.
local function compile(items, format, inject)
    delimiter = space
    local parts = Ct(items^1):match(format)
    if not parts then error("could not parse the log_format configuration", 0) end
    local g, ct, gi, fields, iplan, ivalues = nil, nil, Carg(1), {}, {}, 1
    for _, p in ipairs(parts) do
        local patt, named_patt, injected_patt = p, p, p
        if type(p) == "table" then
            fields[#fields + 1] = p
            patt, named_patt = p.spec.patt, Cg(one_value(p.spec), p.name)
            local n
            injected_patt, n = injected_field(p, iplan, ivalues + 1)
            ivalues = ivalues + n
        end
        g = g and g * patt or patt
        ct = ct and ct * named_patt or named_patt
        gi = gi * injected_patt
    end
    local build, nvalues = table_builder(fields)
    if not build then return Ct(ct) end
    local injector = inject and field_injector(build, nvalues, iplan, inject)
    if injector then return gi / injector, true end
    return g / build
end

-- A grammar for lines written with nginx `log_format` `format`; it captures a table of fields,
-- with the request time (if logged) under `time` in ns. (`inject`: see compile.)
function M.build_nginx_grammar(format, inject)
    local ws = space^1 / whitespace
    local variable = P"$" * ((alnum + "_")^1 / nginx_variable)
    local text = (1 - (ws + variable))^1 / literal
    return compile(ws + variable + text, format, inject)
end

--[[ Apache --]]

-- Letters of LogFormat: a field, a pattern, or the name of an untyped (string) field.
local apache_letters = {
    ["%"] = P"%",
    a = named("remote_addr", host),
    A = named("server_addr", host),
    B = named("body_bytes_sent", measured(integer, "B")),
    b = named("body_bytes_sent", measured(integer + P"-" / zero, "B")),
    D = named("request_time", measured(integer, "us")),
    f = "request_filename",
    h = named("remote_addr", host),
    H = named("server_protocol", nginx_variables.server_protocol),
    k = named("connection_requests", whole),
    l = "remote_user",
    L = "request_log_id",
    m = named("request_method", nginx_variables.request_method),
    p = named("server_port", whole),
    P = named("pid", whole),
    q = "query_string",
    r = "request",
    R = "request_handler",
    s = named("status", nginx_variables.status),
    t = named("time", value(P"[" * nginx_variables.time_local.patt * "]")),
    T = named("request_time", measured(integer, "s")),
    u = "remote_user",
    U = "uri",
    v = named("server_name", host),
    V = named("server_name", host),
    X = named("connection_status", text(S"X+-")),
    I = named("request_length", measured(integer, "B")),
    O = named("response_length", measured(integer, "B")),
    S = named("total_length", measured(integer, "B")),
}

local function header_name(prefix)
    return function(arg) return prefix .. string.gsub(string.lower(arg), "-", "_") end
end

local function strftime_time(arg)
    local fmt = arg
    local _, stop = string.find(fmt, "^begin:")
    if not stop then _, stop = string.find(fmt, "^end:") end
    if stop then fmt = string.sub(fmt, stop + 1) end
    if fmt == "sec" then
        return named("time", value(digit^1 / dt.seconds_to_ns))
    elseif fmt == "msec_frac" or fmt == "usec_frac" then
        return named("sec_frac", value(digit^1 / function(d) return tonumber("." .. d) end))
    elseif fmt == "msec" then
        return named("time", value(digit^1 / function(d) return tonumber(d) * 1e6 end))
    elseif fmt == "usec" then
        return named("time", value(digit^1 / function(d) return tonumber(d) * 1e3 end))
    end
    return named("time", value(dt.build_strftime_grammar(fmt) / dt.time_to_ns))
end

-- Letters taking a {argument}.
local apache_arguments = {
    a = function() return apache_letters.a end,
    C = function(arg) return "cookie_" .. arg end,
    e = function(arg) return "env_" .. arg end,
    i = header_name("http_"),
    n = function(arg) return "module_" .. arg end,
    o = header_name("sent_http_"),
    p = function(arg)
        if arg == "canonical" or arg == "local" then return named("server_port", whole) end
        if arg == "remote" then return named("remote_port", whole) end
        error("unknown port format: " .. arg, 0)
    end,
    P = function(arg)
        if arg == "pid" then return named("pid", whole) end
        if arg == "tid" then return named("tid", whole) end
        if arg == "hextid" then return named("tid", value(xdigit^1 / function(h) return tonumber(h, 16) end)) end
        error("unknown pid format: " .. arg, 0)
    end,
    t = strftime_time,
}

local function as_grammar(g)
    if type(g) == "string" then return string_value(g) end
    return g
end

local function apache_letter(letter)
    local g = apache_letters[letter]
    if not g then error("unknown variable: " .. letter, 0) end
    return as_grammar(g)
end

local function apache_argument(arg, letter)
    local f = apache_arguments[letter]
    if not f then error("unknown variable: " .. letter, 0) end
    return as_grammar(f(arg))
end

-- Backslash escapes of Apache format strings.
local escapes = { t = "\t", n = "\n", ['"'] = '"', ["\\"] = "\\" }
local unescape = Cs((P"\\" * C(S't"n\\') / escapes + P"\\" * (digit^-3 / function(d) return string.char(tonumber(d)) end) + 1)^0)

-- A grammar for lines written with Apache `LogFormat` `format` (same field names as nginx).
function M.build_apache_grammar(format, inject)
    local ws = space^1 / whitespace
    local status_codes = P"!"^-1 * digit * digit * digit * ("," * digit * digit * digit)^0
    local letter = alpha + "%"
    local directive = P"%" * S"<>"^-1 * (letter / apache_letter)
        + P"%" * status_codes^-1 * ((P"{" * C((1 - P"}")^1) * "}" * C(letter)) / apache_argument)
    local text = (1 - (ws + directive))^1 / function(t) return literal(unescape:match(t)) end
    return compile(ws + directive + text, format, inject)
end

--[[ User agents (a coarse classification, as Heka's) --]]

-- The major version after `keyword`.
local function version_after(keyword)
    return function(ua)
        local _, stop = string.find(ua, keyword, 1, true)
        if stop then return tonumber(string.match(ua, "^%d+", stop + 1)) end
    end
end

-- The major version of the last product/version token.
local function last_version(ua)
    local last
    local pos = string.find(ua, "/", 1, true)
    while pos do
        last = pos
        pos = string.find(ua, "/", pos + 1, true)
    end
    if last then return tonumber(string.match(ua, "^%d+", last + 1)) end
end

local os_names = {
    { "iPod", "iPod" }, { "iPad", "iPad" }, { "iPhone", "iPhone" }, { "Android", "Android" },
    { "BlackBerry", "BlackBerry" }, { "Linux", "Linux" }, { "Macintosh", "Macintosh" },
    { "Mozilla/5.0 (Mobile;", "FirefoxOS" },
    { "Windows NT 10.0", "Windows 10" }, { "Windows NT 6.3", "Windows 8.1" },
    { "Windows NT 6.2", "Windows 8" }, { "Windows NT 6.1", "Windows 7" },
    { "Windows NT 6.0", "Windows Vista" }, { "Windows NT 5.1", "Windows XP" },
    { "Windows NT 5.0", "Windows 2000" },
}

local browsers = {
    { "Chrome", version_after("Chrome/") }, { "Opera Mini", last_version },
    { "Opera Mobi", last_version }, { "Opera", last_version }, { "MSIE", version_after("MSIE ") },
    { "Safari", last_version }, { "Firefox", version_after("Firefox/") },
}

-- Returns browser, major version (number) and os of a User-Agent string (nil when unknown).
function M.normalize_user_agent(ua)
    if not ua then return end
    local browser, version, os
    for _, o in ipairs(os_names) do
        if string.find(ua, o[1], 1, true) then os = o[2]; break end
    end
    for _, b in ipairs(browsers) do
        if string.find(ua, b[1], 1, true) then
            browser, version = b[1], b[2](ua)
            break
        end
    end
    return browser, version, os
end

--[[ nginx error log: "YYYY/MM/DD HH:MM:SS [level] pid#tid: *connection message" --]]
local levels = { "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug" }
local level
for i, name in ipairs(levels) do
    local alt = P(name) * Cc(i - 1)
    level = level and level + alt or alt
end

M.nginx_error_grammar = Ct(Cg(dt.build_strftime_grammar("%Y/%m/%d %T") / dt.time_to_ns, "Timestamp")
    * space * "[" * Cg(level, "Severity") * "]"
    * space * Cg(integer, "Pid") * "#"
    * Cg(Ct(Cg(integer, "tid") * ": " * (P"*" * Cg(integer, "connection") * " ")^-1), "Fields")
    * Cg(P(1)^0, "Payload"))

return M
