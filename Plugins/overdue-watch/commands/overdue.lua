-- ducha overdue [县(区、市)]  ·  REPL :overdue [县(区、市)]
-- Lists overdue rectifications, longest overdue first.
local report = require "ducha.report"
local watch = require "overdue-watch"

local county = ...
local rows = watch.list(county)
report.title(("逾期整改盯办清单%s"):format(county and ("（" .. county .. "）") or ""))
report.text(("截至%s，共%d个。"):format(ducha.as_of, #rows))
report.table(rows, {
  columns = { "county", "unit", "category", "due", "days" },
  headers = { "县(区、市)", "单位", "问题类别", "整改期限", "逾期(天)" },
})
