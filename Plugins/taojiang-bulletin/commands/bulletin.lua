-- ducha bulletin [日期] [save]  ·  REPL :bulletin [日期] [save]
-- Shows the day's bulletin; with "save", also writes it to out/taojiang-日期.md.
local report = require "ducha.report"
local bulletin = require "taojiang-bulletin"

local day, action = ...
if day == "save" then day, action = nil, "save" end
day = day or ducha.as_of

local figures = bulletin.write(report, day)
if action == "save" then
  local path = ("out/taojiang-%s.md"):format(day)
  report.save(path, "markdown")
  print(("已保存 %s（发现问题%d个）"):format(path, figures.total))
end
