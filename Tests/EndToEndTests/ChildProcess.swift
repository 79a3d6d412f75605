import Foundation
import Synchronization

/// A program started with `posix_spawn` and reaped with `waitpid`.
///
/// Foundation's `Process` on Linux learns of a child's exit from a SIGCHLD source; a child
/// that exits at once (`tmux new-session -d`) can end before that source exists, and
/// `waitUntilExit` then never returns. Waiting on the pid itself cannot miss the exit.
struct ChildProcess {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// What a finished program left behind.
    struct Outcome {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    let pid: pid_t
    private let output: FileHandle?
    private let error: FileHandle?

    /// Starts `arguments[0]` (a path) with the rest as its arguments, in `directory`, with
    /// `input` on its standard input (or /dev/null). Its output and error are captured when
    /// `capture` is set and go to /dev/null otherwise.
    init(
        _ arguments: [String], in directory: URL? = nil, environment: [String: String]? = nil,
        input: Data? = nil, capture: Bool = true
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Pipes are made close-on-exec and children started under one lock, so a child
        // started by a test running in parallel never holds another child's pipe open.
        Self.spawning.lock()
        defer { Self.spawning.unlock() }
        let inputPipe = try input.map { _ in try Self.pipe() }
        let outputPipe = capture ? try Self.pipe() : nil
        let errorPipe = capture ? try Self.pipe() : nil
        if let inputPipe {
            posix_spawn_file_actions_adddup2(&actions, inputPipe.read, STDIN_FILENO)
        } else {
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        }
        for (pipe, target) in [(outputPipe, STDOUT_FILENO), (errorPipe, STDERR_FILENO)] {
            if let pipe {
                posix_spawn_file_actions_adddup2(&actions, pipe.write, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
            }
        }
        // The test runner's threads block signals; the child starts with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGPIPE, SIGTERM, SIGUSR2] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        // Glibc's `posix_spawn_file_actions_addchdir_np` does not import; `env -C` changes folder.
        let command = directory.map { ["/usr/bin/env", "-C", $0.path] + arguments } ?? arguments
        let environmentLines = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid = pid_t()
        let status = Self.withCStrings(command) { argv in
            Self.withCStrings(environmentLines) { envp in
                posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
            }
        }
        for pipe in [inputPipe, outputPipe, errorPipe].compactMap({ $0 }) {
            close(pipe === inputPipe ? pipe.read : pipe.write)
        }
        guard status == 0 else {
            for pipe in [inputPipe, outputPipe, errorPipe].compactMap({ $0 }) {
                close(pipe === inputPipe ? pipe.write : pipe.read)
            }
            throw Failure(description: "cannot start \(command[0]): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        if let inputPipe, let input {
            let handle = FileHandle(fileDescriptor: inputPipe.write, closeOnDealloc: true)
            // A child that stops reading early must not kill the test with SIGPIPE.
            signal(SIGPIPE, SIG_IGN)
            try? handle.write(contentsOf: input)
            try handle.close()
        }
        output = outputPipe.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) }
        error = errorPipe.map { FileHandle(fileDescriptor: $0.read, closeOnDealloc: true) }
    }

    /// Sends `signal` to the program.
    func send(_ signal: Int32) { kill(pid, signal) }

    /// Reads what the program writes until it exits, then reaps it. The status is the exit
    /// code, or 128 plus the signal that ended it, as a shell reports it.
    func finish() -> Outcome {
        let errorData = Mutex(Data())
        let errorReader = DispatchGroup()
        if let error {
            DispatchQueue.global().async(group: errorReader) {
                let data = error.readDataToEndOfFile()
                errorData.withLock { $0 = data }
            }
        }
        let outputData = output?.readDataToEndOfFile() ?? Data()
        errorReader.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(
            status: code, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData.withLock { $0 }, as: UTF8.self))
    }

    private static let spawning = NSLock()

    private final class PipeEnds {
        let read: Int32
        let write: Int32
        init(read: Int32, write: Int32) {
            self.read = read
            self.write = write
        }
    }

    private static func pipe() throws -> PipeEnds {
        var ends: [Int32] = [0, 0]
        guard Glibc.pipe(&ends) == 0 else {
            throw Failure(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return PipeEnds(read: ends[0], write: ends[1])
    }

    private static func withCStrings<Result>(
        _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
    ) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }
}
