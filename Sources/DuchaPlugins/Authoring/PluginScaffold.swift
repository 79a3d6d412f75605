/// The files `ducha plugin new NAME` writes: a working plugin with a module, a report
/// that uses it, and a spec for both, for an author to grow from.
public enum PluginScaffold {
    /// Relative paths and their text.
    public static func files(name: String, team: String) -> [(path: String, text: String)] {
        let module = name.replacingOccurrences(of: "-", with: "_")
        return [
            (
                "plugin.toml",
                """
                name = "\(name)"
                version = "0.1.0"
                api = "^1.0"
                description = "发现问题分县统计"
                team = "\(team)"
                license = "MIT"
                main = "init.lua"

                [dependencies]

                [permissions]
                read = ["findings", "units", "regions"]
                confidential = false
                write = []
                files = []

                [reports]
                \(name) = "reports/\(name).lua"

                """
            ),
            (
                "init.lua",
                """
                -- The module `require("\(name)")` returns: helpers other plugins may use too.
                local \(module) = {}

                -- Findings per county, largest first: rows of { county = ..., n = ... }.
                function \(module).findings_by_county(query)
                  local rows = {}
                  for county, n in pairs((query or ducha.findings):count_by("county.name")) do
                    rows[#rows + 1] = { county = county, n = n }
                  end
                  table.sort(rows, function(a, b) return a.n > b.n or (a.n == b.n and a.county < b.county) end)
                  return rows
                end

                return \(module)

                """
            ),
            (
                "reports/\(name).lua",
                """
                -- ducha report \(name)
                local report = require "ducha.report"
                local \(module) = require "\(name)"

                report.title("发现问题分县统计")
                report.text("截至%s。", ducha.as_of)
                report.table(\(module).findings_by_county(), {
                  columns = { "county", "n" },
                  headers = { "县(区、市)", "发现问题(个)" },
                })

                """
            ),
            (
                "spec/\(module)_spec.lua",
                """
                -- ducha plugin test: runs against a throwaway copy of the yiyang-2021 sample.
                local \(module) = require "\(name)"

                describe("\(name)", function()
                  it("counts every finding once", function()
                    local total = 0
                    for _, row in ipairs(\(module).findings_by_county()) do total = total + row.n end
                    assert.equals(ducha.findings:count(), total)
                  end)

                  it("builds a report with a title and a table", function()
                    local blocks = run_report("\(name)")
                    assert.equals("title", blocks[1].type)
                    assert.equals("table", blocks[3].type)
                  end)
                end)

                """
            ),
        ]
    }
}
