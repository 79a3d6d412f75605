-- require("overdue-watch"): rectifications past their deadline on the as-of date.
local watch = {}

-- Overdue rectifications, longest overdue first: rows of unit, county, category, due, days.
-- `county` (a name) narrows the list to one county.
function watch.list(county)
  local query = ducha.rectifications:where{ overdue = true }
  if county then query = query:where{ ["finding.county.name"] = county } end
  local rows = {}
  for row in query:order_by("due_on", "id")
      :select("id", "due_on", "finding.unit.name", "finding.county.name", "finding.category"):each() do
    rows[#rows + 1] = {
      unit = row["finding.unit.name"],
      county = row["finding.county.name"] or "市级/跨县",
      category = ducha.label("finding_category", row["finding.category"]) or row["finding.category"],
      due = row.due_on,
      days = ducha.days_between(row.due_on, ducha.as_of),
    }
  end
  return rows
end

-- Overdue counts per county, most first.
function watch.by_county()
  local counts = {}
  for _, row in ipairs(watch.list()) do counts[row.county] = (counts[row.county] or 0) + 1 end
  local rows = {}
  for county, n in pairs(counts) do rows[#rows + 1] = { county = county, n = n } end
  table.sort(rows, function(a, b) return a.n > b.n or (a.n == b.n and a.county < b.county) end)
  return rows
end

return watch
