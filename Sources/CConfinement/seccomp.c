#include "CConfinement.h"

#include <errno.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>

#define DENY SCMP_ACT_ERRNO(EPERM)

/* Refused whatever their arguments. */
static const int denied_calls[] = {
    /* New processes and programs. */
    SCMP_SYS(fork), SCMP_SYS(vfork), SCMP_SYS(execve), SCMP_SYS(execveat),
    /* Networking; descriptors received from the parent stay usable. */
    SCMP_SYS(socket), SCMP_SYS(socketpair), SCMP_SYS(connect), SCMP_SYS(bind), SCMP_SYS(listen),
    SCMP_SYS(accept), SCMP_SYS(accept4),
    /* Reaching into other processes. */
    SCMP_SYS(ptrace), SCMP_SYS(process_vm_readv), SCMP_SYS(process_vm_writev), SCMP_SYS(pidfd_open),
    SCMP_SYS(pidfd_getfd), SCMP_SYS(pidfd_send_signal), SCMP_SYS(process_madvise),
    /* Mounts and namespaces, the old calls and the new. */
    SCMP_SYS(mount), SCMP_SYS(umount2), SCMP_SYS(pivot_root), SCMP_SYS(chroot), SCMP_SYS(unshare),
    SCMP_SYS(setns), SCMP_SYS(fsopen), SCMP_SYS(fsconfig), SCMP_SYS(fsmount), SCMP_SYS(fspick),
    SCMP_SYS(move_mount), SCMP_SYS(open_tree), SCMP_SYS(mount_setattr),
    /* Kernel interfaces with a long record of exploits, which a worker never needs. */
    SCMP_SYS(keyctl), SCMP_SYS(add_key), SCMP_SYS(request_key), SCMP_SYS(bpf), SCMP_SYS(perf_event_open),
    SCMP_SYS(userfaultfd), SCMP_SYS(io_uring_setup), SCMP_SYS(io_uring_enter), SCMP_SYS(io_uring_register),
    /* The kernel and the machine. */
    SCMP_SYS(init_module), SCMP_SYS(finit_module), SCMP_SYS(delete_module), SCMP_SYS(kexec_load),
    SCMP_SYS(kexec_file_load), SCMP_SYS(reboot), SCMP_SYS(swapon), SCMP_SYS(swapoff), SCMP_SYS(iopl),
    SCMP_SYS(ioperm), SCMP_SYS(personality),
    /* Identities. */
    SCMP_SYS(setuid), SCMP_SYS(setgid), SCMP_SYS(setreuid), SCMP_SYS(setregid), SCMP_SYS(setresuid),
    SCMP_SYS(setresgid), SCMP_SYS(setfsuid), SCMP_SYS(setfsgid), SCMP_SYS(setgroups),
    /* Limits set before the filter stay; prlimit64 is handled below, as reading is harmless. */
    SCMP_SYS(setrlimit),
};

/* The first argument of each is the process a signal goes to. */
static const int signalling_calls[] = {
    SCMP_SYS(kill), SCMP_SYS(tkill), SCMP_SYS(tgkill), SCMP_SYS(rt_sigqueueinfo), SCMP_SYS(rt_tgsigqueueinfo),
};

/* Both push characters into the terminal's input, which a shell would then read. */
static const scmp_datum_t terminal_injection[] = {TIOCSTI, TIOCLINUX};

/* Errors carry the kernel's errno rather than libseccomp's ECANCELED; threads that exist
 * already get the filter too; a call of another ABI could name a different call by the same
 * number, so only native code trying to slip past the filter makes one. */
static int configure(scmp_filter_ctx filter) {
    int status = seccomp_attr_set(filter, SCMP_FLTATR_API_SYSRAWRC, 1);
    if (status == 0) status = seccomp_attr_set(filter, SCMP_FLTATR_CTL_TSYNC, 1);
    if (status == 0) status = seccomp_attr_set(filter, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS);
    return status;
}

static int deny_calls(scmp_filter_ctx filter) {
    for (size_t i = 0; i < sizeof denied_calls / sizeof denied_calls[0]; i++) {
        int status = seccomp_rule_add(filter, DENY, denied_calls[i], 0);
        if (status != 0) return status;
    }
    return 0;
}

/* A clone without CLONE_THREAD is a new process. clone3 passes its flags in memory, which a
 * filter cannot read, so it fails as if unknown and glibc falls back to clone. */
static int deny_processes(scmp_filter_ctx filter) {
    int status = seccomp_rule_add(filter, DENY, SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_THREAD, 0));
    if (status != 0) return status;
    return seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
}

/* Signals within the worker stay allowed: glibc's raise and abort, and pthread_kill between
 * its threads, go through tgkill(own_pid, ...). */
static int deny_foreign_signals(scmp_filter_ctx filter, int own_pid) {
    for (size_t i = 0; i < sizeof signalling_calls / sizeof signalling_calls[0]; i++) {
        int status =
            seccomp_rule_add(filter, DENY, signalling_calls[i], 1, SCMP_A0(SCMP_CMP_NE, (scmp_datum_t)own_pid));
        if (status != 0) return status;
    }
    return 0;
}

/* The request is an unsigned int: only its low 32 bits are compared, or setting a high bit
 * would slip past the filter while the kernel still saw TIOCSTI. */
static int deny_terminal_injection(scmp_filter_ctx filter) {
    for (size_t i = 0; i < sizeof terminal_injection / sizeof terminal_injection[0]; i++) {
        int status = seccomp_rule_add(filter, DENY, SCMP_SYS(ioctl), 1,
                                      SCMP_A1(SCMP_CMP_MASKED_EQ, 0xFFFFFFFFu, terminal_injection[i]));
        if (status != 0) return status;
    }
    return 0;
}

/* prlimit64 with new limits could raise the worker's own (given CAP_SYS_RESOURCE) or lower
 * another process's; with none it only reads, as getrlimit does through it. */
static int deny_limit_changes(scmp_filter_ctx filter) {
    return seccomp_rule_add(filter, DENY, SCMP_SYS(prlimit64), 1, SCMP_A2(SCMP_CMP_NE, 0));
}

static int add_rules(scmp_filter_ctx filter, int own_pid) {
    int status = deny_calls(filter);
    if (status == 0) status = deny_processes(filter);
    if (status == 0) status = deny_foreign_signals(filter, own_pid);
    if (status == 0) status = deny_terminal_injection(filter);
    if (status == 0) status = deny_limit_changes(filter);
    return status;
}

int ducha_install_syscall_filter(int own_pid) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -errno;
    scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
    if (filter == NULL) return -ENOMEM;
    int status = configure(filter);
    if (status == 0) status = add_rules(filter, own_pid);
    if (status == 0) status = seccomp_load(filter);
    seccomp_release(filter);
    return status;
}
