import Dispatch
import Foundation
import LuaKit

/// While it lives, Ctrl-C (SIGINT) stops the running script cleanly through its
/// canceller; a second Ctrl-C ends the process at once, as the `lua` interpreter does.
public final class Interruption {
    private let source: DispatchSourceSignal

    public init(canceller: LuaCanceller) {
        signal(SIGINT, SIG_IGN)
        let presses = PressCounter()
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: presses.queue)
        source.setEventHandler {
            if presses.record() > 1 { _exit(130) }
            canceller.cancel()
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// Counts Ctrl-C presses; touched only on its own serial queue.
private final class PressCounter: @unchecked Sendable {
    let queue = DispatchQueue(label: "ducha.interruption")
    private var count = 0

    func record() -> Int {
        dispatchPrecondition(condition: .onQueue(queue))
        count += 1
        return count
    }
}
