local watch = require "overdue-watch"

describe("overdue-watch", function()
  it("lists every overdue rectification once", function()
    assert.equals(ducha.rectifications:where{ overdue = true }:count(), #watch.list())
  end)

  it("puts the longest overdue first, with days counted to the as-of date", function()
    local rows = watch.list()
    assert.truthy(#rows > 1)
    for index = 2, #rows do assert.truthy(rows[index - 1].days >= rows[index].days) end
    assert.equals(ducha.days_between(rows[1].due, ducha.as_of), rows[1].days)
    assert.truthy(rows[#rows].days > 0)
  end)

  it("narrows the list to one county", function()
    local all = watch.by_county()
    local first = all[1]
    assert.equals(first.n, #watch.list(first.county))
  end)

  it("builds the command's table and the report's chart", function()
    local blocks = run_command("overdue")
    assert.equals("table", blocks[3].type)
    local report = run_report("overdue-by-county")
    assert.equals("bar_chart", report[4].type)
  end)

  it("cannot see records it did not declare", function()
    assert.has_error(function() ducha.people:count() end, "may not read 'people'")
    assert.has_error(function() ducha.sql("SELECT COUNT(*) FROM bulletins") end, "may not read 'bulletins'")
  end)
end)
