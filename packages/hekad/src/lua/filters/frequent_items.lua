-- frequent_items: the most frequent values of one message variable (e.g. the client addresses
-- of an access log), kept in a bounded sample: a new value joins while there is room; when the
-- sample is full, every weight drops by one instead and the values that reach zero leave
-- (Misra-Gries). On every tick it sends the values weighing more than min_output_weight as a
-- tsv payload named "Weighting by <message_variable>".
--
-- Config (Heka's keys):
--   message_variable (required)  e.g. "Fields[remote_addr]"
--   max_items (1000)             size of the sample; larger is more accurate
--   min_output_weight (100)      lighter values are left out of the output
--   reset_days (1)               start over every N UTC days (by message Timestamp); 0 never
require "math"
require "string"

local function setting(key, default, minimum)
    local v = read_config(key)
    if v == nil then return default end
    if type(v) ~= "number" or v < minimum or v ~= math.floor(v) then
        error(string.format("%s must be a whole number >= %d, got %s", key, minimum, tostring(v)))
    end
    return v
end

local message_variable = read_config("message_variable")
    or error("message_variable configuration must be specified")
if type(message_variable) ~= "string" then
    error("message_variable must be a string such as \"Fields[remote_addr]\"")
end
local max_items = setting("max_items", 1000, 1)
local min_output_weight = setting("min_output_weight", 100, 0)
local reset_days = setting("reset_days", 1, 0)
local NS_PER_DAY = 60 * 60 * 24 * 1e9

-- globals, so that preserve_data keeps them (Heka's names)
items = {}       -- value → weight
items_size = 0
last_reset = 0   -- UTC day number of the last reset

-- Whether the message is older than the current period (it is then ignored); a message of a
-- later period empties the sample first.
local function too_old()
    local day = math.floor(read_message("Timestamp") / NS_PER_DAY)
    local elapsed = day - last_reset
    if elapsed < 0 then return true end
    if elapsed >= reset_days then
        last_reset = day
        items = {}
        items_size = 0
    end
    return false
end

-- Full sample: one less for everyone, instead of adding the newcomer.
local function decay()
    for value, weight in pairs(items) do
        if weight > 1 then
            items[value] = weight - 1
        else
            items[value] = nil
            items_size = items_size - 1
        end
    end
end

function process_message()
    local value = read_message(message_variable)
    if not value then return -1 end
    if reset_days > 0 and too_old() then return 0 end

    local weight = items[value]
    if weight then
        items[value] = weight + 1
    elseif items_size < max_items then
        items[value] = 1
        items_size = items_size + 1
    else
        decay()
    end
    return 0
end

function timer_event(ns)
    add_to_payload(message_variable, "\tWeight\n")
    for value, weight in pairs(items) do
        if weight > min_output_weight then
            add_to_payload(string.format("%s\t%d\n", value, weight))
        end
    end
    inject_payload("tsv", "Weighting by " .. message_variable)
end
