-- require("taojiang-bulletin"): the figures of Taojiang's daily bulletin (一日一通报).
local formats = require "common-formats"

local bulletin = {}

-- The county commission the bulletin speaks for, with its township commissions.
bulletin.body = "body:taojiang"

function bulletin.bodies()
  local ids = {}
  for row in ducha.bodies:where_any{ { id = bulletin.body }, { parent = bulletin.body } }:select("id"):each() do
    ids[#ids + 1] = row.id
  end
  return ids
end

-- The bulletin's issue number for `day`: the registered one, else the next in the series.
function bulletin.issue_no(day)
  local registered = ducha.bulletins:where{ body = bulletin.body, issued_on = day }:select("issue_no"):first()
  if registered then return registered.issue_no, true end
  return ducha.bulletins:where{ body = bulletin.body }:where("issued_on", "<", day):count() + 1, false
end

-- The figures of `day`: findings, how many were rectified at once, and counts by category.
function bulletin.figures(day)
  local findings = ducha.findings:where{ body = bulletin.bodies(), found_on = day }
  local total = findings:count()
  local immediate = findings:where{ ["rectification.mode"] = "immediate" }:count()
  local categories = {}
  for code, n in pairs(findings:count_by("category")) do
    categories[#categories + 1] = { category = ducha.label("finding_category", code) or code, n = n }
  end
  table.sort(categories, function(a, b) return a.n > b.n or (a.n == b.n and a.category < b.category) end)
  return { total = total, immediate = immediate, rate = formats.percent(immediate, total), categories = categories }
end

-- The bulletin of `day` into the report document.
function bulletin.write(report, day)
  local issue, registered = bulletin.issue_no(day)
  local figures = bulletin.figures(day)
  report.title(("桃江县疫情防控监督检查一日一通报（第%s期）"):format(formats.cn_number(issue)))
  if not registered then report.text("（拟编：当天未登记通报）") end
  report.text(("%s，全县各级纪检监察机关共发现问题%d个，其中立行立改%d个，立行立改率%s。")
    :format(day, figures.total, figures.immediate, figures.rate))
  if figures.total > 0 then
    report.section("问题类别")
    report.table(figures.categories, { columns = { "category", "n" }, headers = { "问题类别", "个数" } })
  end
  return figures
end

return bulletin
