import Dispatch
import Foundation
import LuaKit

/// While it lives, Ctrl-C (SIGINT) stops the running statement cleanly through its
/// canceller; a second Ctrl-C during the same statement ends the process at once, as the
/// `lua` interpreter does. Between statements (a REPL at its prompt) a press calls
/// `whenIdle` instead.
public final class Interruption {
    private let source: DispatchSourceSignal
    private let state: PressState

    /// With `whenIdle` nil the whole life of the interruption is one statement.
    public init(canceller: LuaCanceller, whenIdle: (@Sendable () -> Void)? = nil) {
        signal(SIGINT, SIG_IGN)
        let state = PressState(running: whenIdle == nil) { canceller.cancel() }
        self.state = state
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: state.queue)
        source.setEventHandler {
            guard state.isRunning else {
                whenIdle?()
                return
            }
            if state.recordPress() > 1 { _exit(130) }
            state.stop()
        }
        source.resume()
    }

    /// From now on Ctrl-C stops the state of `canceller` (another state the statement runs,
    /// such as a plugin's).
    public func redirect(to canceller: LuaCanceller) { redirect { canceller.cancel() } }

    /// From now on Ctrl-C calls `stop` (for what the statement waits on, such as a worker).
    public func redirect(_ stop: @escaping @Sendable () -> Void) { state.queue.sync { state.stop = stop } }

    /// A statement starts: Ctrl-C stops it.
    public func statementBegins() { state.queue.sync { state.begin() } }

    /// The statement has ended: Ctrl-C goes to `whenIdle` again.
    public func statementEnds() { state.queue.sync { state.end() } }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// Whether a statement runs and how often Ctrl-C was pressed during it; touched only on
/// its own serial queue.
private final class PressState: @unchecked Sendable {
    let queue = DispatchQueue(label: "ducha.interruption")
    private var running: Bool
    private var presses = 0
    /// What Ctrl-C stops.
    var stop: @Sendable () -> Void

    init(running: Bool, stop: @escaping @Sendable () -> Void) {
        self.running = running
        self.stop = stop
    }

    var isRunning: Bool {
        dispatchPrecondition(condition: .onQueue(queue))
        return running
    }

    func recordPress() -> Int {
        dispatchPrecondition(condition: .onQueue(queue))
        presses += 1
        return presses
    }

    func begin() {
        running = true
        presses = 0
    }

    func end() { running = false }
}
