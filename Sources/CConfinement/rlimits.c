#include "CConfinement.h"

#include <errno.h>
#include <stddef.h>
#include <sys/resource.h>

static rlim_t at_most(rlim_t wanted, rlim_t ceiling) {
    return wanted < ceiling ? wanted : ceiling;
}

/* Never above the current hard limit: asking for more would fail with EPERM for an
 * unprivileged worker and give a privileged one more than it had. */
static int lower_limit(int resource, rlim_t soft, rlim_t hard) {
    struct rlimit limit;
    if (getrlimit(resource, &limit) != 0) return -errno;
    limit.rlim_cur = at_most(soft, limit.rlim_max);
    limit.rlim_max = at_most(hard, limit.rlim_max);
    return setrlimit(resource, &limit) == 0 ? 0 : -errno;
}

/* Soft and hard alike, so the worker cannot raise the soft limit back up. */
static int set_limit(int resource, uint64_t value) {
    return value == 0 ? 0 : lower_limit(resource, value, value);
}

/* The second of grace between SIGXCPU and SIGKILL lets a worker that handles SIGXCPU
 * say why it stops; one that does not is killed either way. */
static int set_cpu_limit(uint64_t seconds) {
    if (seconds == 0) return 0;
    rlim_t hard = seconds == RLIM_INFINITY ? seconds : seconds + 1;
    return lower_limit(RLIMIT_CPU, seconds, hard);
}

int ducha_set_resource_limits(const ducha_resource_limits *limits) {
    if (limits == NULL) return -EINVAL;
    int status = lower_limit(RLIMIT_CORE, 0, 0);
    if (status == 0) status = set_limit(RLIMIT_AS, limits->address_space_bytes);
    if (status == 0) status = set_cpu_limit(limits->cpu_seconds);
    if (status == 0) status = set_limit(RLIMIT_NOFILE, limits->open_files);
    if (status == 0) status = set_limit(RLIMIT_FSIZE, limits->file_size_bytes);
    return status;
}
