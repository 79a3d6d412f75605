import CConfinement
import Foundation

/// What a confined process may touch, enforced by the kernel once applied: resource
/// limits, the files it may read and write (Landlock) and the system calls it may make
/// (seccomp). Nothing the process does afterwards can widen it.
public struct ConfinementPolicy: Sendable, Equatable {
    /// Files and folders that may be read.
    public var readable: [String] = []
    /// Files and folders where files may be read, written, created and removed.
    public var writable: [String] = []
    /// The largest address space, in bytes; 0 for no limit.
    public var addressSpaceBytes: UInt64 = 0
    /// CPU time in seconds before SIGXCPU (and SIGKILL a second later); 0 for no limit.
    public var cpuSeconds: UInt64 = 0
    /// Open file descriptors.
    public var openFiles: UInt64 = 64
    /// The largest file the process may write, in bytes; 0 for no limit.
    public var fileSizeBytes: UInt64 = 0

    public init() {}

    /// How much of the policy the kernel enforces.
    public enum Enforcement: Equatable, Sendable {
        /// All of it; files through Landlock of this ABI version.
        case complete(landlockABI: Int32)
        /// Limits and system calls only: the kernel has no Landlock.
        case withoutFileRules
    }

    /// Confines this process for the rest of its life: limits, no capabilities, files,
    /// system calls. Must run while the process has a single thread: Landlock confines
    /// the calling thread and the threads it starts.
    public func apply() throws -> Enforcement {
        var limits = ducha_resource_limits(
            address_space_bytes: addressSpaceBytes, cpu_seconds: cpuSeconds, open_files: openFiles,
            file_size_bytes: fileSizeBytes)
        try check(ducha_set_resource_limits(&limits), "setting resource limits")
        try check(ducha_drop_capabilities(), "dropping capabilities")
        // Writing past the file-size limit fails with EFBIG instead of ending the process.
        signal(SIGXFSZ, SIG_IGN)
        let abi = withCStrings(readable) { read in
            withCStrings(writable) { write in
                ducha_restrict_files(read, readable.count, write, writable.count)
            }
        }
        try check(abi, "restricting files with Landlock")
        try check(ducha_install_syscall_filter(getpid()), "installing the system call filter")
        return abi > 0 ? .complete(landlockABI: abi) : .withoutFileRules
    }

    private func check(_ result: Int32, _ step: String) throws {
        guard result < 0 else { return }
        throw ConfinementError(step: step, code: -result)
    }
}

/// A step of confinement the kernel refused.
public struct ConfinementError: Error, CustomStringConvertible, Equatable {
    public let step: String
    public let code: Int32

    public var description: String { "cannot confine the worker: \(step) failed (\(String(cString: strerror(code))))" }
}
