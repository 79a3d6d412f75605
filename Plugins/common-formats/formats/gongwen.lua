-- --format gongwen: plain text laid out as an official document (公文): the title on its
-- own line, sections numbered 一、二、, paragraphs indented by two full-width spaces, tables
-- as a header line and one line per row.
local formats = require "common-formats"

return function(document)
  local lines, section = {}, 0
  for _, block in ipairs(document) do
    if block.type == "title" then
      lines[#lines + 1] = block.text
      lines[#lines + 1] = ""
    elseif block.type == "section" then
      section = section + 1
      lines[#lines + 1] = formats.numbered(section, block.text)
    elseif block.type == "text" then
      lines[#lines + 1] = "　　" .. block.text
    elseif block.type == "table" then
      if block.title then lines[#lines + 1] = "　　" .. block.title end
      lines[#lines + 1] = "　　" .. table.concat(block.headers, "　")
      for _, line in ipairs(formats.table_lines(block, "　")) do lines[#lines + 1] = "　　" .. line end
    elseif block.type == "bar_chart" then
      if block.title then lines[#lines + 1] = "　　" .. block.title end
      for index, label in ipairs(block.labels) do
        lines[#lines + 1] = "　　" .. label .. "：" .. formats.cell(block.values[index]) .. (block.unit or "")
      end
    end
  end
  return table.concat(lines, "\n") .. "\n"
end
