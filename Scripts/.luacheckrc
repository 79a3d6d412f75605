-- luacheck configuration for the shipped report scripts.
std = "lua54"
read_globals = { "ducha" }
max_line_length = 120
