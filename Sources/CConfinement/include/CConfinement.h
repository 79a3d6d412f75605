/*
 * Kernel confinement for a worker process that runs untrusted Lua plugin code.
 *
 * The worker calls these before it runs any untrusted code, in this order:
 *   1. ducha_set_resource_limits   (the filter of step 3 refuses setrlimit)
 *   2. ducha_restrict_files        (while the worker still has a single thread)
 *   3. ducha_install_syscall_filter
 * None of them can be undone, by this process or its threads. Each returns 0 (or, for
 * ducha_restrict_files, the Landlock ABI used) on success and a negative errno on failure;
 * none exits or prints.
 */
#ifndef CCONFINEMENT_H
#define CCONFINEMENT_H

#include <stddef.h>
#include <stdint.h>

#include "worker.h"

/// Resource limits of a confined worker; a field of 0 leaves that limit as it is.
typedef struct {
    uint64_t address_space_bytes;  // RLIMIT_AS
    uint64_t cpu_seconds;          // RLIMIT_CPU: soft = this, hard = this + 1 (SIGXCPU then SIGKILL)
    uint64_t open_files;           // RLIMIT_NOFILE
    uint64_t file_size_bytes;      // RLIMIT_FSIZE
} ducha_resource_limits;

/// Sets the limits, soft and hard, so the worker cannot raise them again, and always
/// RLIMIT_CORE = 0 so a crash leaves no image of the worker's memory on disk. A limit is
/// only ever lowered: a value above the current hard limit gives the current hard limit,
/// as an unprivileged process could not go higher anyway.
/// Writing past RLIMIT_FSIZE raises SIGXFSZ, which ends the process unless ignored
/// (then the write fails with EFBIG).
int ducha_set_resource_limits(const ducha_resource_limits *limits);

/// Drops every capability, from the bounding set too, so a worker started by root keeps
/// none of root's powers over other processes and files. Call it before the filter.
int ducha_drop_capabilities(void);

/// Restricts the file system with Landlock. The path lists are typed as argv is, so one
/// way of making C string lists serves both this and starting a worker.
/// read_paths: files or folders that may be read (folders: files read and listed beneath).
/// write_paths: folders (or files) where files may be read, written, truncated, created and
/// removed, and folders created and removed beneath; nothing else: no symlinks, fifos,
/// sockets or devices, and no rename or link across folders (EXDEV), though a rename
/// within one folder works.
/// Everything the running kernel's ABI can handle is handled (execute, all make_*, refer,
/// truncate, ioctl_dev), so anything not granted is refused; with ABI >= 4 all TCP bind and
/// connect is refused; with ABI >= 6 abstract unix sockets and signals to processes outside
/// the domain are refused. File descriptors opened before stay usable as they were.
/// A path that does not exist is skipped (not an error): the caller decides what must exist.
/// Symbolic links are followed once, here: the rule is for what the path names now.
/// A Swift worker must list "/proc" in read_paths: libdispatch's thread pool reads
/// /proc/<tid>/stat of its workers and traps (SIGILL) when it cannot. Landlock still keeps
/// processes outside the domain from the worker (their mem, fd and exe links; their environ
/// and maps too unless the worker has CAP_SYS_ADMIN).
/// Sets PR_SET_NO_NEW_PRIVS, which Landlock requires of an unprivileged process.
/// Landlock confines only the calling thread and the threads it creates afterwards, so the
/// process must have no other thread yet: otherwise -EBUSY and nothing is done (it reads
/// /proc/self/status to know).
/// Returns the ABI version used (> 0), 0 when the kernel has no Landlock (nothing done, so
/// the caller can warn), or a negative errno.
int ducha_restrict_files(char *const *read_paths, size_t read_count,
                         char *const *write_paths, size_t write_count);

/// Installs a seccomp filter (default allow: the Swift runtime needs many ordinary calls)
/// that makes these fail with EPERM:
/// process creation (fork, vfork, clone without CLONE_THREAD; threads still work, and clone3
/// fails with ENOSYS so that glibc's pthread_create falls back to clone), execve, execveat;
/// networking (socket, socketpair, connect, bind, listen, accept, accept4); reaching other
/// processes (ptrace, process_vm_readv/writev, pidfd_open/getfd/send_signal, process_madvise,
/// and kill, tkill, tgkill, rt_sigqueueinfo, rt_tgsigqueueinfo aimed at any pid but own_pid);
/// mounts and namespaces (mount, umount2, pivot_root, chroot, unshare, setns and the new mount
/// calls); keyctl, add_key, request_key, bpf, perf_event_open, userfaultfd, io_uring_*;
/// the kernel and machine (init/finit/delete_module, kexec_load, kexec_file_load, reboot,
/// swapon, swapoff, iopl, ioperm, personality); identities (the setuid and setgid families);
/// raising limits (setrlimit, and prlimit64 given new limits, which would also reach other
/// processes); and ioctl TIOCSTI and TIOCLINUX, which push input into the terminal.
/// A system call of another ABI (i386 through int 0x80, x32) kills the process, as only
/// native code trying to get around the filter makes one.
/// Sets PR_SET_NO_NEW_PRIVS. The filter applies to every thread of the process, present
/// and future, and to nothing outside it.
int ducha_install_syscall_filter(int own_pid);

#endif
