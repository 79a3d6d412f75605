-- ducha report overdue-by-county: overdue rectifications per county, with a chart.
local report = require "ducha.report"
local formats = require "common-formats"
local watch = require "overdue-watch"

local rows = watch.by_county()
local total = 0
for _, row in ipairs(rows) do total = total + row.n end
local all = ducha.rectifications:count()

report.title("逾期整改情况（分县）")
report.text(("截至%s，逾期未完成整改%d个，占全部整改%s。"):format(ducha.as_of, total, formats.percent(total, all)))
report.table(rows, { columns = { "county", "n" }, headers = { "县(区、市)", "逾期(个)" } })
report.chart.bar(rows, { label = "county", value = "n", title = "逾期整改(个)" })
