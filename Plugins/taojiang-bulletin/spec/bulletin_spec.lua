local bulletin = require "taojiang-bulletin"

describe("taojiang-bulletin", function()
  it("counts Taojiang's findings of a day", function()
    local figures = bulletin.figures("2021-08-13")
    assert.equals(2, figures.total)
    assert.equals(figures.total, ducha.findings:where{ body = bulletin.bodies(), found_on = "2021-08-13" }:count())
  end)

  it("rectifies everything at once, as Taojiang does", function()
    local figures = bulletin.figures("2021-08-10")
    assert.equals(figures.total, figures.immediate)
    assert.equals("100.0%", figures.rate)
  end)

  it("numbers the bulletin after the registered series", function()
    local issue, registered = bulletin.issue_no("2021-08-05")
    assert.equals(3, issue)
    assert.is_true(registered)
  end)

  it("writes the report with a Chinese issue number", function()
    local blocks = run_report("taojiang-daily", "2021-08-05")
    assert.equals("桃江县疫情防控监督检查一日一通报（第三期）", blocks[1].text)
    assert.matches("发现问题1个", blocks[2].text)
  end)

  it("has nothing to count on a day without findings", function()
    local blocks = run_report("taojiang-daily", "2021-07-01")
    assert.matches("发现问题0个", blocks[#blocks].text)
  end)

  it("may save only under out/", function()
    local report = require "ducha.report"
    assert.has_error(function() report.save("elsewhere.md", "markdown") end, "only under out/")
  end)
end)
