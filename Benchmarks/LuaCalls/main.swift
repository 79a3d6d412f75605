// Measures a Swift function called from Lua against Lua's own `math.abs`, in one
// process, alternating the two, and prints a Markdown section for RESULTS.md.
import Foundation
import LuaKit

let calls = 10_000_000
let rounds = 7

let state = try LuaState()
try state.setGlobal(
    "swift_abs",
    state.function("swift_abs") { call in
        call.push(abs(try call.integer(1)))
    })
let loop = try state.load(
    """
    local f, n = ...
    local started = os.clock()
    if f then
      for i = 1, n do local y = f(i) end
    else
      for i = 1, n do local y = i end
    end
    return os.clock() - started
    """, name: "=bench")

@MainActor func seconds(_ function: LuaValue) throws -> Double {
    try state.call(loop, [function, .integer(Int64(calls))])[0].numberValue ?? .nan
}

let mathAbs = try state.execute("return math.abs", name: "=abs")[0]
let swiftAbs = try state.global("swift_abs")
var best = (abs: Double.infinity, swift: Double.infinity, empty: Double.infinity)
for _ in 0..<rounds {
    best.abs = min(best.abs, try seconds(mathAbs))
    best.swift = min(best.swift, try seconds(swiftAbs))
    best.empty = min(best.empty, try seconds(.nil))
}

func nanoseconds(_ seconds: Double) -> String { String(format: "%.1f", seconds / Double(calls) * 1e9) }
let ratio = best.swift / best.abs
let netRatio = (best.swift - best.empty) / (best.abs - best.empty)
print(
    """
    ## Swift function called from Lua vs `math.abs`

    `for i = 1, 10_000_000 do local y = f(i) end`, f = `math.abs` or a Swift function doing the
    same work through LuaKit (`call.push(abs(try call.integer(1)))`), best of \(rounds) alternating rounds
    in one process (`.build/release/luakit-calls`).

    | callee | ns per iteration | ns per call above the empty loop |
    |---|---|---|
    | `math.abs` (Lua's C) | \(nanoseconds(best.abs)) | \(nanoseconds(best.abs - best.empty)) |
    | Swift through the trampoline | \(nanoseconds(best.swift)) | \(nanoseconds(best.swift - best.empty)) |
    | empty loop | \(nanoseconds(best.empty)) | — |

    **Ratio: \(String(format: "%.2f", ratio))× the time of `math.abs`** (target ≤ 1.5×); per call above the
    empty loop \(String(format: "%.2f", netRatio))×.

    """)
