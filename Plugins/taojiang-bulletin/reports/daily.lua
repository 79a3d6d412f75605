-- ducha report taojiang-daily [-- 日期]: the day's bulletin, the as-of date by default.
local report = require "ducha.report"
local bulletin = require "taojiang-bulletin"

local day = ... or ducha.as_of
bulletin.write(report, day)
