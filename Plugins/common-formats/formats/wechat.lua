-- --format wechat: compact text to paste into a work chat group: 【title】, ▍sections, and
-- tables as "· cell｜cell" lines, without the spacing a chat window would break.
local formats = require "common-formats"

return function(document)
  local lines = {}
  for _, block in ipairs(document) do
    if block.type == "title" then
      lines[#lines + 1] = "【" .. block.text .. "】"
    elseif block.type == "section" then
      lines[#lines + 1] = "▍" .. block.text
    elseif block.type == "text" then
      lines[#lines + 1] = block.text
    elseif block.type == "table" then
      for _, line in ipairs(formats.table_lines(block, "｜")) do lines[#lines + 1] = "· " .. line end
    elseif block.type == "bar_chart" then
      for index, label in ipairs(block.labels) do
        lines[#lines + 1] = "· " .. label .. " " .. formats.cell(block.values[index]) .. (block.unit or "")
      end
    end
  end
  return table.concat(lines, "\n") .. "\n"
end
