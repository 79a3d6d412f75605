import Dispatch
import Foundation

/// While it lives, ends the process with the time-limit message a second past the limit:
/// the hook that stops scripts at their limit cannot reach one long C call (a pattern
/// match, a sort, a SQLite function), so a trusted run's `--time-limit` is made hard
/// here, as a worker's is by its parent.
public final class TimeLimitWatchdog {
    private let work: DispatchWorkItem

    public init(seconds: Double) {
        let message = "ducha: \(Self.message(seconds: seconds))\n"
        work = DispatchWorkItem {
            FileHandle.standardError.write(Data(message.utf8))
            _exit(1)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds + 0.9, execute: work)
    }

    deinit { work.cancel() }

    /// What a run stopped at its time limit from outside (by this watchdog, or by a
    /// worker's parent) says.
    static func message(seconds: Double) -> String {
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        return "time limit exceeded (\(shown) s): the run was stopped"
    }
}
