-- luacheck configuration for the shipped report scripts.
std = "lua54"
read_globals = { "ducha" }
max_line_length = 120

-- Plugin specs also see the spec runner's globals (`ducha plugin test`).
files["Plugins/*/spec"] = {
    read_globals = { "describe", "it", "pending", "before_each", "after_each", "run_report", "run_command" },
}
