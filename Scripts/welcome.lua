-- The demo until the data store lands: what the running Ducha offers, and a
-- CJK-aligned listing of the city's county-level units as reports will show them.

-- Display columns of a UTF-8 string: East Asian wide characters take two.
local function display_width(text)
    local width = 0
    for _, code in utf8.codes(text) do
        local wide = (code >= 0x1100 and code <= 0x115F) or (code >= 0x2E80 and code <= 0xA4CF)
            or (code >= 0xAC00 and code <= 0xD7A3) or (code >= 0xF900 and code <= 0xFAFF)
            or (code >= 0xFE30 and code <= 0xFE4F) or (code >= 0xFF00 and code <= 0xFF60)
            or (code >= 0xFFE0 and code <= 0xFFE6)
        width = width + (wide and 2 or 1)
    end
    return width
end

local function pad(text, width)
    return text .. string.rep(" ", width - display_width(text))
end

local counties = {
    { "赫山区", "district" }, { "资阳区", "district" }, { "沅江市", "county_city" },
    { "南县", "county" }, { "桃江县", "county" }, { "安化县", "county" },
    { "大通湖区", "management_zone" }, { "益阳高新区", "dev_zone" },
}

print(("督查 Ducha %s — Lua API %s, %s"):format(ducha.version, ducha.api, _VERSION))
print()
local name_width = display_width("县(区、市)")
for _, county in ipairs(counties) do name_width = math.max(name_width, display_width(county[1])) end
print(pad("县(区、市)", name_width) .. "  level")
print(string.rep("─", name_width) .. "  " .. string.rep("─", 15))
for _, county in ipairs(counties) do
    print(pad(county[1], name_width) .. "  " .. county[2])
end
