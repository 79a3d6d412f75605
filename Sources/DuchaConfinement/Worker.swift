import CConfinement
import Foundation

/// A child process run under a parent's watch: its output and messages come back through
/// pipes, each up to a cap, and it is ended at its wall-clock limit whatever it is doing.
public enum Worker {
    /// How a worker ended.
    public enum End: Equatable, Sendable {
        /// It exited by itself with this code.
        case exited(Int32)
        /// A signal ended it that the parent did not send (a crash, or SIGXCPU).
        case signalled(Int32)
        /// The wall-clock limit passed and it was stopped.
        case timedOut
        /// It wrote more than the cap and was stopped.
        case outputTooLarge
        /// Ctrl-C stopped it.
        case interrupted
    }

    /// What a finished worker left behind.
    public struct Outcome: Sendable {
        public let end: End
        /// What it wrote to its standard output and was not passed on: nothing, since its
        /// output goes to this process's standard output as it comes.
        public let output: [UInt8]
        /// What it wrote to its standard error.
        public let messages: [UInt8]
        /// What it wrote to descriptor 3.
        public let report: [UInt8]
    }

    /// The descriptor a worker writes its report to.
    public static let reportDescriptor: Int32 = 3

    /// A worker that could not be started.
    public struct StartError: Error, CustomStringConvertible {
        public let executable: String
        public let code: Int32
        public var description: String {
            "cannot start the worker \(executable): \(String(cString: strerror(code)))"
        }
    }

    /// Runs `executable` with `arguments`, `environment` and `input` on its standard input
    /// until it ends, or until
    /// `seconds` have passed: then it is asked to stop (SIGTERM) and killed within a second
    /// of the limit. The ask comes half a second late, so that a worker that keeps its own
    /// time (from its own start, a little after the parent's) ends first, with its own
    /// message.
    /// With `catchingInterrupts`, Ctrl-C (SIGINT) is caught while the worker runs;
    /// otherwise the caller, which handles SIGINT itself, calls ``interrupt()``.
    public static func run(
        executable: String, arguments: [String], environment: [String: String], input: [UInt8] = [],
        seconds: Double?, outputCap: Int, messagesCap: Int, catchingInterrupts: Bool = true
    ) throws -> Outcome {
        var outcome = ducha_worker_outcome()
        let environmentLines = environment.map { "\($0.key)=\($0.value)" }
        let started = withCStrings([executable] + arguments) { argv in
            withCStrings(environmentLines) { envp in
                input.withUnsafeBufferPointer { bytes in
                    ducha_run_worker(
                        executable, argv, envp, bytes.baseAddress, bytes.count, seconds.map { $0 + 0.5 } ?? 0,
                        outputCap, messagesCap, catchingInterrupts ? 1 : 0, &outcome)
                }
            }
        }
        guard started == 0 else { throw StartError(executable: executable, code: started) }
        defer { ducha_worker_outcome_free(&outcome) }
        func bytes(_ start: UnsafeMutablePointer<UInt8>?, _ count: Int) -> [UInt8] {
            start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        }
        return Outcome(
            end: end(of: outcome), output: bytes(outcome.output, outcome.output_length),
            messages: bytes(outcome.messages, outcome.messages_length),
            report: bytes(outcome.report, outcome.report_length))
    }

    /// Interrupts the running worker, as Ctrl-C would; safe from any thread.
    public static func interrupt() { ducha_interrupt_worker() }

    private static func end(of outcome: ducha_worker_outcome) -> End {
        let status = outcome.status
        let exited = status & 0x7f == 0
        switch outcome.end {
        case DUCHA_WORKER_TIMED_OUT where !exited: return .timedOut
        case DUCHA_WORKER_OUTPUT_TOO_LARGE: return .outputTooLarge
        case DUCHA_WORKER_INTERRUPTED where !exited: return .interrupted
        default: return exited ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
        }
    }
}
