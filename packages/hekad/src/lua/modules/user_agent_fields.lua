-- The user_agent_* options of the nginx and Apache access decoders (see access_log.lua):
-- http_user_agent is replaced by user_agent_browser / _version / _os when user_agent_transform is set.
local clf = require "common_log_format"

local M = {}

-- Returns a function that edits a decoded field table in place (nil without the option).
function M.from_config()
    local transform = read_config("user_agent_transform")
    local keep = read_config("user_agent_keep")
    local conditional = read_config("user_agent_conditional")
    if not transform then return nil end
    return function(fields)
        local agent = fields.http_user_agent
        if not agent then return end
        local browser, version, os = clf.normalize_user_agent(agent)
        fields.user_agent_browser, fields.user_agent_version, fields.user_agent_os = browser, version, os
        -- kept when asked to, or (conditional) when the browser was not recognised
        if not (keep or (conditional and not browser)) then fields.http_user_agent = nil end
    end
end

return M
