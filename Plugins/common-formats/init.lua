-- require("common-formats"): helpers for writing Chinese reports, shared by the formats
-- of this plugin and by other plugins that depend on it.
local formats = {}

local DIGITS = { [0] = "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" }
local UNITS = { "", "十", "百", "千" }

-- A whole number from 0 to 9999 in Chinese numerals, as in 第十一期:
-- 10 → 十, 105 → 一百零五, 2021 → 二千零二十一.
function formats.cn_number(n)
  assert(math.type(n) == "integer" and n >= 0 and n <= 9999, "cn_number takes a whole number from 0 to 9999")
  if n == 0 then return DIGITS[0] end
  local text, position, zero = "", 1, false
  while n > 0 do
    local digit = n % 10
    if digit == 0 then
      zero = text ~= ""
    else
      text = DIGITS[digit] .. UNITS[position] .. (zero and DIGITS[0] or "") .. text
      zero = false
    end
    n, position = n // 10, position + 1
  end
  return (text:gsub("^一十", "十"))
end

-- "一、标题": the heading numbering of official documents.
function formats.numbered(index, text)
  return formats.cn_number(index) .. "、" .. text
end

-- A share as a percentage with one decimal, "37.5%"; "—" when the whole is zero.
function formats.percent(part, whole)
  if whole == 0 then return "—" end
  return string.format("%.1f%%", part * 100 / whole)
end

-- A table cell as text: numbers without a trailing ".0", nothing for nil.
function formats.cell(value)
  if value == nil then return "" end
  if math.type(value) == "float" and value == math.floor(value) then return tostring(math.tointeger(value)) end
  return tostring(value)
end

-- The rows of a table block as lines, cells joined by `separator`.
function formats.table_lines(block, separator)
  local lines = {}
  for _, row in ipairs(block.rows) do
    local cells = {}
    for column = 1, block.width do cells[column] = formats.cell(row[column]) end
    lines[#lines + 1] = table.concat(cells, separator)
  end
  return lines
end

return formats
