-- date_time: LPeg grammars for timestamps and conversion of the captured parts to nanoseconds
-- since the epoch. Same API as Heka's module (captured date parts are strings, offsets and
-- fractions numbers), so scripts written for Heka work unchanged.
local lpeg = require "lpeg"
local os = require "os"
local string = require "string"
local math = require "math"

local P, R, S, Cc, Cg, Ct = lpeg.P, lpeg.R, lpeg.S, lpeg.Cc, lpeg.Cg, lpeg.Ct
local digit = R"09"
local alpha = R("az", "AZ")
local space = S" \t\n\r\f\v"
local tonumber, ipairs, error, floor = tonumber, ipairs, error, math.floor

local M = {}

-- Days from 1970-01-01 to a proleptic Gregorian date (no os.time: it would depend on the
-- process time zone, and it cannot represent dates before 1970 on every platform).
local function days_from_civil(y, m, d)
    if m <= 2 then y = y - 1 end
    local era = floor(y / 400)
    local yoe = y - era * 400
    local mp = (m + 9) % 12
    local doy = floor((153 * mp + 2) / 5) + d - 1
    local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
    return era * 146097 + doe - 719468
end

-- Seconds since the epoch of a UTC date and time given as numbers (a building block for
-- grammars that compute the time in one function capture instead of a table).
function M.civil_to_seconds(year, month, day, hour, min, sec)
    -- month overflow is normalised like mktime does
    year = year + floor((month - 1) / 12)
    month = (month - 1) % 12 + 1
    return days_from_civil(year, month, day) * 86400 + hour * 3600 + min * 60 + sec
end

-- A captured time table to ns: time_t wins; else the broken-down parts, AM/PM period, a
-- fraction and a zone offset (the local time minus the offset is UTC).
function M.time_to_ns(t)
    if not t then return 0 end
    if t.time_t then return t.time_t * 1e9 end
    local year, month, day = tonumber(t.year), tonumber(t.month), tonumber(t.day)
    if not (year and month and day) then return 0 end
    local hour = tonumber(t.hour) or 12 -- os.time's default hour, kept for compatibility
    if t.period == "AM" and hour == 12 then
        hour = 0
    elseif t.period == "PM" and hour < 12 then
        hour = hour + 12
    end
    local secs = M.civil_to_seconds(year, month, day, hour, tonumber(t.min) or 0, tonumber(t.sec) or 0)
    if t.offset_hour then
        local offset = t.offset_hour * 3600 + (t.offset_min or 0) * 60
        if t.offset_sign == "+" then secs = secs - offset else secs = secs + offset end
    end
    return (secs + (t.sec_frac or 0)) * 1e9
end

function M.seconds_to_ns(sec)
    return tonumber(sec) * 1e9
end

-- Alternatives of literal names, each replaced by its number as a string.
local function names(list)
    local g
    for i, name in ipairs(list) do
        local alt = P(name) / tostring(i)
        g = g and g + alt or alt
    end
    return g
end

local months = { "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December" }
local mabbr = {}
for i, m in ipairs(months) do mabbr[i] = string.sub(m, 1, 3) end

M.date_fullyear = Cg(digit * digit * digit * digit, "year")
M.date_month = Cg(P"0" * R"19" + P"1" * R"02", "month")
M.date_mabbr = Cg(names(mabbr), "month")
M.date_mfull = Cg(names(months), "month")
M.date_mday = Cg(P"0" * R"19" + R"12" * digit + P"3" * R"01", "day")
M.date_mday_sp = Cg(P" " * R"19" + S"12" * digit + P"3" * S"01", "day")
M.time_hour = Cg(R"01" * digit + P"2" * R"03", "hour")
M.time_minute = Cg(R"05" * digit, "min")
M.time_second = Cg(R"05" * digit + P"60", "sec") -- 60: a leap second
M.time_secfrac = Cg(P"." * digit^1 / tonumber, "sec_frac")

local function fixed_offset(sign, hours)
    return Cg(Cc(sign), "offset_sign") * Cg(Cc(hours), "offset_hour") * Cg(Cc(0), "offset_min")
end

-- Zone abbreviations Heka knows; any other short name counts as UTC.
local zones = { { "UTC", "+", 0 }, { "PST", "-", 8 }, { "PDT", "-", 7 }, { "MST", "-", 7 },
    { "MDT", "-", 6 }, { "CST", "-", 6 }, { "CDT", "-", 5 }, { "EST", "-", 5 }, { "EDT", "-", 4 } }
do
    local g
    for _, z in ipairs(zones) do
        local alt = P(z[1]) * fixed_offset(z[2], z[3])
        g = g and g + alt or alt
    end
    M.timezone = g + alpha^-5 * fixed_offset("+", 0)
end

M.timezone_offset = Cg(S"+-", "offset_sign") * Cg(M.time_hour / tonumber, "offset_hour")
    * Cg(M.time_minute / tonumber, "offset_min")

-- RFC 3339, e.g. 1999-05-05T23:23:59.217-07:00
M.rfc3339_time_numoffset = Cg(S"+-", "offset_sign") * Cg(M.time_hour / tonumber, "offset_hour")
    * ":" * Cg(M.time_minute / tonumber, "offset_min")
M.rfc3339_time_offset = P"Z" + M.rfc3339_time_numoffset
M.rfc3339_partial_time = M.time_hour * ":" * M.time_minute * ":" * M.time_second * M.time_secfrac^-1
M.rfc3339_full_date = M.date_fullyear * "-" * M.date_month * "-" * M.date_mday
M.rfc3339_full_time = M.rfc3339_partial_time * M.rfc3339_time_offset
M.rfc3339 = Ct(M.rfc3339_full_date * "T" * M.rfc3339_full_time)

-- strftime conversion specifiers as grammars.
local century = string.sub(os.date("!%Y"), 1, 2)
local two_digit_year = Cg(digit * digit / function(yy) return century .. yy end, "year")
local hms = M.time_hour * ":" * M.time_minute * ":" * M.time_second
local hour12 = Cg(P"0" * digit + P"1" * R"02", "hour")
local period = Cg(P"AM" + P"PM", "period")
local week = R"04" * digit + P"5" * R"03"
local mdy = M.date_month * "/" * M.date_mday * "/" * two_digit_year

local spec = {
    a = P"Mon" + "Tue" + "Wed" + "Thu" + "Fri" + "Sat" + "Sun",
    A = P"Monday" + "Tuesday" + "Wednesday" + "Thursday" + "Friday" + "Saturday" + "Sunday",
    b = M.date_mabbr, B = M.date_mfull, h = M.date_mabbr,
    C = digit * digit,
    d = M.date_mday, e = M.date_mday_sp,
    D = mdy, x = mdy,
    F = M.rfc3339_full_date,
    y = two_digit_year, g = two_digit_year,
    Y = M.date_fullyear, G = M.date_fullyear,
    H = M.time_hour, I = hour12,
    k = Cg(S" 1" * digit + P"2" * R"03", "hour"),
    l = Cg(space * digit + P"1" * R"02", "hour"),
    j = P"00" * R"19" + P"0" * digit * digit + S"12" * digit * digit + P"3" * R"05" * digit + P"36" * R"06",
    m = M.date_month, M = M.time_minute,
    n = P"\n", t = P"\t", ["%"] = P"%",
    p = period,
    r = hour12 * ":" * M.time_minute * ":" * M.time_second * " " * period,
    R = M.time_hour * ":" * M.time_minute,
    s = Cg(digit^1 / tonumber, "time_t"),
    S = Cg(R"05" * digit + P"6" * S"01", "sec"),
    T = hms, X = hms,
    u = R"17", w = R"06",
    U = week, V = week, W = week,
    z = M.timezone_offset, Z = M.timezone,
}
spec.c = spec.a * " " * M.date_mabbr * " " * M.date_mday_sp * " " * hms * " " * M.date_fullyear

local function specifier(ch)
    local g = spec[ch]
    if not g then error("unknown strftime specifier: " .. ch, 0) end
    return g
end

-- Joins a format's pieces (a grammar per piece) into one grammar capturing a table.
local function sequence(parts)
    local g
    for _, p in ipairs(parts) do g = g and g * p or p end
    return Ct(g)
end

-- A grammar matching text written with the strftime format `fmt`; whitespace matches any one
-- white-space character.
function M.build_strftime_grammar(fmt)
    local ws = space / function() return space end
    local conv = P"%" * ((R("az", "AZ", "09") + "%") / specifier)
    local literal = (1 - (ws + conv))^1 / P
    local parts = Ct((ws + conv + literal)^1):match(fmt)
    if not parts or #parts == 0 then error("could not parse the strftime format", 0) end
    return sequence(parts)
end

-- Common Log Format: %d/%b/%Y:%H:%M:%S %z
M.clf_timestamp = Ct(M.date_mday * "/" * M.date_mabbr * "/" * M.date_fullyear * ":" * hms * " " * M.timezone_offset)

-- RFC 3164 carries no year: the current one is used. Several spaces are accepted (buggyday).
M.rfc3164_timestamp = Ct(M.date_mabbr * P" "^1 * Cg(digit^-2, "day") * P" "^1 * hms
    * Cg(Cc"" / function() return os.date("!%Y") end, "year"))

M.mysql_timestamp = Ct(M.date_fullyear * M.date_month * M.date_mday * M.time_hour * M.time_minute * M.time_second)
M.pgsql_timestamp = Ct(M.rfc3339_full_date * " " * hms)

return M
