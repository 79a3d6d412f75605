#define _GNU_SOURCE /* O_PATH */
#include "CConfinement.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The installed <linux/landlock.h> stops at ABI 2; these values are fixed by the kernel's ABI. */
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14) /* ABI 3 */
#endif
#ifndef LANDLOCK_ACCESS_FS_IOCTL_DEV
#define LANDLOCK_ACCESS_FS_IOCTL_DEV (1ULL << 15) /* ABI 5 */
#endif
#ifndef LANDLOCK_ACCESS_NET_BIND_TCP
#define LANDLOCK_ACCESS_NET_BIND_TCP (1ULL << 0) /* ABI 4 */
#endif
#ifndef LANDLOCK_ACCESS_NET_CONNECT_TCP
#define LANDLOCK_ACCESS_NET_CONNECT_TCP (1ULL << 1) /* ABI 4 */
#endif
#ifndef LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET
#define LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET (1ULL << 0) /* ABI 6 */
#endif
#ifndef LANDLOCK_SCOPE_SIGNAL
#define LANDLOCK_SCOPE_SIGNAL (1ULL << 1) /* ABI 6 */
#endif

/* struct landlock_ruleset_attr as of ABI 6. The kernel learns from the size passed which
 * fields the caller knows, so an older kernel is given only the fields it has. */
typedef struct {
    uint64_t handled_access_fs;
    uint64_t handled_access_net;
    uint64_t scoped;
} ruleset_attr;

/* The only rights Landlock accepts in a rule for something that is not a folder. */
#define FILE_RIGHTS                                                                            \
    (LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_READ_FILE | \
     LANDLOCK_ACCESS_FS_TRUNCATE | LANDLOCK_ACCESS_FS_IOCTL_DEV)

#define READ_RIGHTS (LANDLOCK_ACCESS_FS_READ_FILE | LANDLOCK_ACCESS_FS_READ_DIR)

#define WRITE_RIGHTS                                                                         \
    (READ_RIGHTS | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_TRUNCATE |             \
     LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_DIR | \
     LANDLOCK_ACCESS_FS_REMOVE_DIR)

/* The highest ABI the kernel offers; 0 when Landlock is not built in (ENOSYS) or not
 * enabled at boot (EOPNOTSUPP). */
static int landlock_abi(void) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    if (abi >= 0) return (int)abi;
    return errno == ENOSYS || errno == EOPNOTSUPP ? 0 : -errno;
}

/* Every file system right the ABI knows: a right left unhandled would be allowed everywhere. */
static uint64_t handled_fs_rights(int abi) {
    uint64_t rights = (LANDLOCK_ACCESS_FS_MAKE_SYM << 1) - 1;
    if (abi >= 2) rights |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
    if (abi >= 5) rights |= LANDLOCK_ACCESS_FS_IOCTL_DEV;
    return rights;
}

static size_t ruleset_attr_size(int abi) {
    if (abi < 4) return offsetof(ruleset_attr, handled_access_net);
    if (abi < 6) return offsetof(ruleset_attr, scoped);
    return sizeof(ruleset_attr);
}

/* A ruleset that refuses all it handles, TCP and the scopes included: with no rule for
 * them, handling them is refusing them. */
static int create_ruleset(int abi, uint64_t fs_rights) {
    ruleset_attr attr = {
        .handled_access_fs = fs_rights,
        .handled_access_net = LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP,
        .scoped = LANDLOCK_SCOPE_ABSTRACT_UNIX_SOCKET | LANDLOCK_SCOPE_SIGNAL,
    };
    long fd = syscall(SYS_landlock_create_ruleset, &attr, ruleset_attr_size(abi), 0);
    return fd >= 0 ? (int)fd : -errno;
}

/* Threads that exist now would escape landlock_restrict_self, which confines only the
 * calling thread; refusing is better than confining half the process. */
static int check_single_thread(void) {
    FILE *status = fopen("/proc/self/status", "re");
    if (status == NULL) return -errno;
    char line[128];
    long threads = 0;
    while (fgets(line, sizeof line, status) != NULL)
        if (sscanf(line, "Threads: %ld", &threads) == 1) break;
    fclose(status);
    return threads == 1 ? 0 : -EBUSY;
}

/* Landlock refuses folder rights in a rule for a file, so a file gets only its share. */
static int add_rule(int ruleset, int target, uint64_t rights) {
    struct stat info;
    if (fstat(target, &info) != 0) return -errno;
    struct landlock_path_beneath_attr rule = {
        .allowed_access = S_ISDIR(info.st_mode) ? rights : rights & FILE_RIGHTS,
        .parent_fd = target,
    };
    return syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &rule, 0) == 0 ? 0 : -errno;
}

/* ENOTDIR too means the path names nothing: a file stands where a folder should be. */
static int allow_path(int ruleset, const char *path, uint64_t rights) {
    int target = open(path, O_PATH | O_CLOEXEC);
    if (target < 0) return errno == ENOENT || errno == ENOTDIR ? 0 : -errno;
    int status = add_rule(ruleset, target, rights);
    close(target);
    return status;
}

static int allow_paths(int ruleset, char *const *paths, size_t count, uint64_t rights) {
    for (size_t i = 0; i < count; i++) {
        int status = allow_path(ruleset, paths[i], rights);
        if (status != 0) return status;
    }
    return 0;
}

static int enforce(int ruleset) {
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -errno;
    return syscall(SYS_landlock_restrict_self, ruleset, 0) == 0 ? 0 : -errno;
}

int ducha_restrict_files(char *const *read_paths, size_t read_count,
                         char *const *write_paths, size_t write_count) {
    int abi = landlock_abi();
    if (abi <= 0) return abi;
    int status = check_single_thread();
    if (status != 0) return status;
    uint64_t handled = handled_fs_rights(abi);
    int ruleset = create_ruleset(abi, handled);
    if (ruleset < 0) return ruleset;
    status = allow_paths(ruleset, read_paths, read_count, READ_RIGHTS & handled);
    if (status == 0) status = allow_paths(ruleset, write_paths, write_count, WRITE_RIGHTS & handled);
    if (status == 0) status = enforce(ruleset);
    close(ruleset);
    return status == 0 ? abi : status;
}
