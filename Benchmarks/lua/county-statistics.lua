-- Per-county statistics over every finding: the benchmark twin of county-statistics.sql.
local rows = ducha.findings:group_by("county.name"):agg{
    n = ducha.count(),
    done = ducha.count{ ["rectification.status"] = { "done", "verified" } },
}:rows()
print(#rows)
