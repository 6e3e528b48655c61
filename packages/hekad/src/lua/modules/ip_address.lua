-- ip_address: LPeg grammars matching textual IPv4 (v4) and IPv6 (v6, RFC 4291 forms including
-- "::" compression and an embedded IPv4 tail) addresses. They match; they capture nothing.
local lpeg = require "lpeg"
local P, R = lpeg.P, lpeg.R
local digit = R"09"
local hex = R("09", "af", "AF")

local M = {}

-- 0-255 without leading zeros; longer alternatives first so "250" is not read as "25".
local octet = P"25" * R"05" + P"2" * R"04" * digit + P"1" * digit * digit + R"19" * digit + digit
M.v4 = octet * "." * octet * "." * octet * "." * octet

local h16 = hex * hex^-3
local group = h16 * ":"           -- a 16-bit group and its separator
local last32 = group * h16 + M.v4  -- the last 32 bits: two groups or dotted IPv4

-- Up to n groups before "::" (none is written as a single ":" that "::" completes).
local function head(n)
    if n == 0 then return P":" end
    return group * group^-(n - 1) + P":"
end

local function times(p, n)
    local g = P(true)
    for _ = 1, n do g = g * p end
    return g
end

M.v6 = times(group, 6) * last32
    + P"::" * times(group, 5) * last32
    + h16^-1 * P"::" * times(group, 4) * last32
    + head(2) * ":" * times(group, 3) * last32
    + head(3) * ":" * times(group, 2) * last32
    + head(4) * ":" * group * last32
    + head(5) * ":" * last32
    + head(6) * ":" * h16
    + head(7) * ":"

return M
