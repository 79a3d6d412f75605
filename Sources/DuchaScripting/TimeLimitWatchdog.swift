import Dispatch
import Foundation

/// While it lives, ends the process with the time-limit message a second past the limit:
/// the hook that stops scripts at their limit cannot reach one long C call (a pattern
/// match, a sort, a SQLite function), so a trusted run's `--time-limit` is made hard
/// here, as a worker's is by its parent.
public final class TimeLimitWatchdog {
    private let work: DispatchWorkItem

    public init(seconds: Double) {
        let message = "ducha: time limit exceeded (\(Self.shown(seconds)) s): the run was stopped\n"
        work = DispatchWorkItem {
            FileHandle.standardError.write(Data(message.utf8))
            _exit(1)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds + 0.9, execute: work)
    }

    deinit { work.cancel() }

    private static func shown(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
