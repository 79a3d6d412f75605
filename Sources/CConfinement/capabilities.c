// Dropping capabilities: a worker started by root would otherwise keep powers that
// neither Landlock nor the system-call filter take away (reading other processes'
// /proc entries with CAP_SYS_ADMIN or CAP_SYS_PTRACE, overriding file permissions).

#include "CConfinement.h"

#include <errno.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int ducha_drop_capabilities(void) {
    for (int capability = 0; capability <= CAP_LAST_CAP; capability++) {
        // A capability this kernel does not know is no capability to drop.
        if (prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 && errno != EINVAL && errno != EPERM) return -errno;
    }
    struct __user_cap_header_struct header = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
    struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = {{0}};
    if (syscall(SYS_capset, &header, data) != 0) return -errno;
    return 0;
}
