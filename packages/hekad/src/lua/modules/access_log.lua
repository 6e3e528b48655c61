-- What the nginx and Apache access decoders share: their config (log_format, type,
-- payload_keep, the user_agent_* options) and decoding one line into one message whose fields
-- are those the log_format names ($time_local / %t and the like become the Timestamp).
local ua = require "user_agent_fields"

local M = {}

-- Reads the config and returns the decoder's process_message. `build` turns log_format into an
-- LPeg grammar (a common_log_format builder); `what` and `example` describe the log_format
-- expected, for the error when it is missing.
function M.decoder(build, what, example)
    local log_format = read_config("log_format")
    if type(log_format) ~= "string" then
        error("config: log_format must be the " .. what .. " string, e.g. log_format = '" .. example .. "'", 0)
    end
    local msg_type = read_config("type")
    local payload_keep = read_config("payload_keep")
    local transform = ua.from_config()
    -- without user_agent_* edits the grammar may inject the message itself, making no tables
    local inject = not transform and { type = msg_type, payload_keep = payload_keep } or nil
    -- a format the grammar builder refuses is named in the error, with the config key
    local built, grammar, injects = pcall(build, log_format, inject)
    if not built then error("config: log_format: " .. grammar, 0) end
    if injects then
        return function()
            local line = read_message("Payload")
            if not grammar:match(line, 1, line) then return -1 end
            return 0
        end
    end
    transform = transform or function() end

    -- one message table for every line: inject_message serialises it at once
    local msg = { Type = msg_type, Timestamp = 0, Fields = false }
    return function()
        local line = read_message("Payload")
        local fields = grammar:match(line)
        if not fields then return -1 end
        msg.Timestamp = fields.time
        fields.time = nil
        if payload_keep then msg.Payload = line end
        transform(fields)
        msg.Fields = fields
        inject_message(msg)
        return 0
    end
end

return M
