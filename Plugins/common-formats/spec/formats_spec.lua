local formats = require "common-formats"
local gongwen = require "common-formats.formats.gongwen"
local wechat = require "common-formats.formats.wechat"

local document = {
  { type = "title", text = "桃江县督查情况" },
  { type = "section", text = "总体情况" },
  { type = "text", text = "共发现问题21个。" },
  { type = "section", text = "分类情况" },
  { type = "table", headers = { "类别", "个数" }, width = 2, rows = { { "红码人员脱管", 3 }, { "未扫码", 2.0 } } },
  { type = "bar_chart", labels = { "安化县", "桃江县" }, values = { 103, 21 }, unit = "个" },
}

describe("cn_number", function()
  it("writes numbers as they are read", function()
    assert.equals("零", formats.cn_number(0))
    assert.equals("七", formats.cn_number(7))
    assert.equals("十", formats.cn_number(10))
    assert.equals("十一", formats.cn_number(11))
    assert.equals("二十", formats.cn_number(20))
    assert.equals("一百零五", formats.cn_number(105))
    assert.equals("一千零一十", formats.cn_number(1010))
    assert.equals("二千零二十一", formats.cn_number(2021))
  end)

  it("refuses what it cannot write", function()
    assert.has_error(function() formats.cn_number(-1) end, "from 0 to 9999")
    assert.has_error(function() formats.cn_number(1.5) end, "whole number")
  end)
end)

describe("percent", function()
  it("keeps one decimal and guards against an empty whole", function()
    assert.equals("37.5%", formats.percent(3, 8))
    assert.equals("—", formats.percent(0, 0))
  end)
end)

describe("gongwen", function()
  it("numbers sections and indents paragraphs and rows", function()
    local text = gongwen(document)
    assert.matches("^桃江县督查情况\n", text)
    assert.matches("\n一、总体情况\n　　共发现问题21个。\n二、分类情况\n", text)
    assert.matches("\n　　类别　个数\n　　红码人员脱管　3\n　　未扫码　2\n", text)
    assert.matches("\n　　安化县：103个\n", text)
  end)
end)

describe("wechat", function()
  it("writes one compact line per row", function()
    local text = wechat(document)
    assert.matches("^【桃江县督查情况】\n▍总体情况\n", text)
    assert.matches("\n· 红码人员脱管｜3\n· 未扫码｜2\n", text)
    assert.matches("\n· 桃江县 21个\n$", text)
  end)
end)

describe("confinement", function()
  it("reads no records, as it declares none", function()
    assert.has_error(function() return ducha.regions:count() end, "may not read 'regions'")
  end)
end)
