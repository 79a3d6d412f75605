-- The spec runner behind `ducha plugin test`: describe/it blocks, before_each/after_each,
-- pending, and assertions — the subset of busted that plugin specs use. It runs inside the
-- plugin's own sandbox, so a spec can do exactly what the plugin can.
local env = ...

local tests = {}
local root = { name = nil, befores = {}, afters = {} }
local stack = { root }

local function show(value)
  if type(value) == "string" then return string.format("%q", value) end
  if type(value) ~= "table" then return tostring(value) end
  local parts = {}
  for key, item in pairs(value) do
    if #parts == 8 then parts[#parts + 1] = "..." break end
    parts[#parts + 1] = "[" .. show(key) .. "] = " .. (type(item) == "table" and "{...}" or show(item))
  end
  return "{ " .. table.concat(parts, ", ") .. " }"
end

local function same(a, b, seen)
  if a == b then return true end
  if type(a) ~= "table" or type(b) ~= "table" then return false end
  seen = seen or {}
  if seen[a] == b then return true end
  seen[a] = b
  for key, value in pairs(a) do
    if not same(value, b[key], seen) then return false end
  end
  for key in pairs(b) do
    if a[key] == nil then return false end
  end
  return true
end

local function fail(message, detail)
  error(detail and (detail .. ": " .. message) or message, 3)
end

local assert = {}

function assert.equals(expected, actual, detail)
  if expected ~= actual then fail("expected " .. show(expected) .. ", got " .. show(actual), detail) end
end

function assert.same(expected, actual, detail)
  if not same(expected, actual) then
    fail("expected the same as " .. show(expected) .. ", got " .. show(actual), detail)
  end
end

function assert.is_true(value, detail)
  if value ~= true then fail("expected true, got " .. show(value), detail) end
end

function assert.is_false(value, detail)
  if value ~= false then fail("expected false, got " .. show(value), detail) end
end

function assert.truthy(value, detail)
  if not value then fail("expected a true value, got " .. show(value), detail) end
end

function assert.falsy(value, detail)
  if value then fail("expected nil or false, got " .. show(value), detail) end
end

function assert.is_nil(value, detail)
  if value ~= nil then fail("expected nil, got " .. show(value), detail) end
end

function assert.is_not_nil(value, detail)
  if value == nil then fail("expected a value, got nil", detail) end
end

function assert.matches(pattern, text, detail)
  if type(text) ~= "string" or not text:find(pattern) then
    fail("expected text matching " .. show(pattern) .. ", got " .. show(text), detail)
  end
end

function assert.has_error(body, expected, detail)
  local ok, message = pcall(body)
  if ok then fail("expected an error, got none", detail) end
  if expected ~= nil and not tostring(message):find(expected, 1, true) then
    fail("expected an error containing " .. show(expected) .. ", got " .. show(message), detail)
  end
end

assert.equal = assert.equals
assert.not_nil = assert.is_not_nil
assert.are = { equal = assert.equals, equals = assert.equals, same = assert.same }
assert.is = { ["true"] = assert.is_true, ["false"] = assert.is_false, ["nil"] = assert.is_nil }
setmetatable(assert, {
  __call = function(_, value, message, ...)
    if not value then error(message or "assertion failed", 2) end
    return value, message, ...
  end,
})

local function current() return stack[#stack] end

function env.describe(name, body)
  stack[#stack + 1] = { name = tostring(name), befores = {}, afters = {} }
  body()
  stack[#stack] = nil
end

local function record(name, body)
  local names, befores, afters = {}, {}, {}
  for _, block in ipairs(stack) do
    names[#names + 1] = block.name
    for _, before in ipairs(block.befores) do befores[#befores + 1] = before end
    for index = #block.afters, 1, -1 do table.insert(afters, 1, block.afters[index]) end
  end
  names[#names + 1] = tostring(name)
  tests[#tests + 1] = { name = table.concat(names, " "), body = body, befores = befores, afters = afters }
end

function env.it(name, body) record(name, body) end

function env.pending(name) record(name, nil) end

function env.before_each(body) local list = current().befores list[#list + 1] = body end

function env.after_each(body) local list = current().afters list[#list + 1] = body end

env.assert = assert

-- Runs every test recorded so far and forgets them; returns one result per test.
local function run()
  local results = {}
  for _, test in ipairs(tests) do
    local result = { name = test.name, status = "passed" }
    if not test.body then
      result.status = "pending"
    else
      local ok, message = true, nil
      for _, before in ipairs(test.befores) do
        if ok then ok, message = pcall(before) end
      end
      if ok then ok, message = pcall(test.body) end
      for _, after in ipairs(test.afters) do
        local after_ok, after_message = pcall(after)
        if ok and not after_ok then ok, message = false, after_message end
      end
      if not ok then
        result.status = "failed"
        result.message = tostring(message)
      end
    end
    results[#results + 1] = result
  end
  tests = {}
  return results
end

return run
