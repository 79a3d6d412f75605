// The parent's side of a confined worker: start it, read what it writes, and end it at the
// wall-clock limit. Written in C because it waits on the pid with `waitpid` and on pipes
// with `poll`: nothing here may depend on a SIGCHLD source noticing a child that ends at
// once, and a worker stuck in one long C call must still be killed on time.

#define _GNU_SOURCE
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/// How long the worker has after being asked to stop, or after Ctrl-C, before it is killed.
#define GRACE_SECONDS 0.5
/// The longest the parent sleeps between looks at the clock.
#define POLL_MILLISECONDS 50
/// The worker's standard output, its standard error, and the report (descriptor 3).
#define STREAMS 3

static volatile sig_atomic_t interrupted;

static void note_interrupt(int signal_number) {
    (void)signal_number;
    interrupted = 1;
}

void ducha_interrupt_worker(void) { interrupted = 1; }

static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec / 1e9;
}

typedef struct {
    int fd;
    unsigned char *bytes;
    size_t length;
    size_t capacity;
    size_t cap;
    /// Where what is read goes as it comes, instead of into `bytes`; -1 for nowhere.
    int forward_to;
    /// How much went there.
    size_t forwarded;
} stream;

/// Writes all of `count` bytes to `fd`; a failed write drops the rest, as a closed pipe
/// would have the worker's own writes fail.
static void forward(int fd, const unsigned char *bytes, size_t count) {
    while (count > 0) {
        ssize_t written = write(fd, bytes, count);
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return;
        bytes += written;
        count -= (size_t)written;
    }
}

/// Reads what is ready on `s`; returns 0 at end of file, -1 past its cap, 1 otherwise.
static int drain(stream *s) {
    unsigned char chunk[65536];
    ssize_t count = read(s->fd, chunk, sizeof chunk);
    if (count < 0) return (errno == EINTR || errno == EAGAIN) ? 1 : 0;
    if (count == 0) return 0;
    if (s->forward_to >= 0) {
        if (s->forwarded + (size_t)count > s->cap) return -1;
        forward(s->forward_to, chunk, (size_t)count);
        s->forwarded += (size_t)count;
        return 1;
    }
    if (s->length + (size_t)count > s->cap) return -1;
    if (s->length + (size_t)count > s->capacity) {
        size_t capacity = s->capacity ? s->capacity : 65536;
        while (capacity < s->length + (size_t)count) capacity *= 2;
        unsigned char *grown = realloc(s->bytes, capacity);
        if (grown == NULL) return -1;
        s->bytes = grown;
        s->capacity = capacity;
    }
    memcpy(s->bytes + s->length, chunk, (size_t)count);
    s->length += (size_t)count;
    return 1;
}

static int spawn(pid_t *pid, const char *path, char *const argv[], char *const envp[], int input, const int ends[3]) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (input >= 0) {
        posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO);
    } else {
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    for (int i = 0; i < 3; i++) posix_spawn_file_actions_adddup2(&actions, ends[i], STDOUT_FILENO + i);
    // The worker starts with no signal blocked and the default action for those the
    // parent may have changed, whatever thread of the parent starts it.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    int reset[] = {SIGINT, SIGTERM, SIGPIPE, SIGUSR1, SIGUSR2, SIGCHLD, SIGXFSZ};
    for (size_t i = 0; i < sizeof reset / sizeof reset[0]; i++) sigaddset(&defaults, reset[i]);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    int status = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return status;
}

/// What is still to be written to the worker's standard input.
typedef struct {
    int fd;
    const unsigned char *bytes;
    size_t left;
} feed;

/// Writes to a pipe whose reader may be gone without the SIGPIPE that would end the parent:
/// the signal is blocked for the write, and taken back if the write raised it.
static ssize_t write_quietly(int fd, const unsigned char *bytes, size_t length) {
    sigset_t pipe_signal, previous;
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, &previous);
    ssize_t count = write(fd, bytes, length);
    int failure = errno;
    if (count < 0 && failure == EPIPE) {
        struct timespec now = {0, 0};
        sigtimedwait(&pipe_signal, NULL, &now);
    }
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    errno = failure;
    return count;
}

/// Writes what the pipe takes now; closes it when all is written or the worker is gone.
static void give(feed *f) {
    ssize_t count = write_quietly(f->fd, f->bytes, f->left);
    if (count > 0) {
        f->bytes += count;
        f->left -= (size_t)count;
    }
    if (f->left == 0 || (count < 0 && errno != EAGAIN && errno != EINTR)) {
        close(f->fd);
        f->fd = -1;
    }
}

/// Feeds the input, reads the streams and watches the clock until the worker has been
/// reaped.
static void supervise(pid_t pid, feed *input, stream *streams, double seconds, ducha_worker_outcome *outcome) {
    double start = now();
    // Readable when the worker ends, so the parent wakes at once rather than at its next
    // look at the clock; without it (a kernel before 5.3) the looks come every millisecond.
    int ended = (int)syscall(SYS_pidfd_open, pid, 0);
    double kill_at = 0;
    int asked = 0, killed = 0, forwarded = 0;
    for (;;) {
        struct pollfd fds[STREAMS + 1];
        stream *polled[STREAMS];
        nfds_t count = 0;
        for (int i = 0; i < STREAMS; i++) {
            if (streams[i].fd < 0) continue;
            polled[count] = &streams[i];
            fds[count++] = (struct pollfd){.fd = streams[i].fd, .events = POLLIN};
        }
        nfds_t reading = count;
        int feeding = input->fd >= 0;
        if (feeding) fds[count++] = (struct pollfd){.fd = input->fd, .events = POLLOUT};
        if (count == 0 && input->fd < 0) {
            int status;
            pid_t reaped = waitpid(pid, &status, WNOHANG);
            if (reaped == pid) {
                outcome->status = status;
                if (ended >= 0) close(ended);
                return;
            }
            if (ended >= 0) fds[count++] = (struct pollfd){.fd = ended, .events = POLLIN};
        }
        poll(count ? fds : NULL, count, count || ended >= 0 ? POLL_MILLISECONDS : 1);
        if (feeding && fds[reading].revents) give(input);
        for (nfds_t i = 0; i < reading; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            stream *s = polled[i];
            int result = drain(s);
            if (result <= 0) {
                close(s->fd);
                s->fd = -1;
            }
            if (result < 0 && !killed) {
                kill(pid, SIGKILL);
                killed = 1;
                outcome->end = DUCHA_WORKER_OUTPUT_TOO_LARGE;
            }
        }
        double elapsed = now() - start;
        if (interrupted && !forwarded) {
            forwarded = 1;
            kill(pid, SIGINT);
            kill_at = kill_at > 0 && kill_at < elapsed + GRACE_SECONDS ? kill_at : elapsed + GRACE_SECONDS;
            if (outcome->end == DUCHA_WORKER_FINISHED) outcome->end = DUCHA_WORKER_INTERRUPTED;
        }
        if (seconds > 0 && !asked && elapsed >= seconds) {
            asked = 1;
            kill(pid, SIGTERM);
            kill_at = elapsed + GRACE_SECONDS;
            outcome->end = DUCHA_WORKER_TIMED_OUT;
        }
        if (kill_at > 0 && !killed && elapsed >= kill_at) {
            kill(pid, SIGKILL);
            killed = 1;
        }
    }
}

int ducha_run_worker(const char *path, char *const argv[], char *const envp[], const unsigned char *input,
                     size_t input_length, double seconds, size_t output_cap, size_t messages_cap,
                     int catch_interrupts, ducha_worker_outcome *outcome) {
    memset(outcome, 0, sizeof *outcome);
    // The pipes of the three streams, then the input's.
    int pipes[STREAMS + 1][2];
    int made = input_length > 0 ? STREAMS + 1 : STREAMS;
    for (int i = 0; i < made; i++) {
        if (pipe2(pipes[i], O_CLOEXEC) == 0) continue;
        int failure = errno;
        for (int j = 0; j < i; j++) {
            close(pipes[j][0]);
            close(pipes[j][1]);
        }
        return failure;
    }
    feed given = {.fd = -1, .bytes = input, .left = input_length};
    if (input_length > 0) {
        given.fd = pipes[STREAMS][1];
        fcntl(given.fd, F_SETFL, O_NONBLOCK);
    }
    struct sigaction on_interrupt = {.sa_handler = note_interrupt}, previous;
    sigemptyset(&on_interrupt.sa_mask);
    interrupted = 0;
    if (catch_interrupts) sigaction(SIGINT, &on_interrupt, &previous);
    pid_t pid;
    int ends[STREAMS] = {pipes[0][1], pipes[1][1], pipes[2][1]};
    int status = spawn(&pid, path, argv, envp, input_length > 0 ? pipes[STREAMS][0] : -1, ends);
    for (int i = 0; i < STREAMS; i++) close(pipes[i][1]);
    if (input_length > 0) close(pipes[STREAMS][0]);
    if (status == 0) {
        // The output goes on to the parent's as it comes: kept until the end, a flood
        // up to the cap would make the parent hold that much, and more in copies.
        stream streams[STREAMS] = {
            {.fd = pipes[0][0], .cap = output_cap, .forward_to = STDOUT_FILENO},
            {.fd = pipes[1][0], .cap = messages_cap, .forward_to = -1},
            {.fd = pipes[2][0], .cap = output_cap, .forward_to = -1},
        };
        supervise(pid, &given, streams, seconds, outcome);
        for (int i = 0; i < STREAMS; i++) {
            if (streams[i].fd >= 0) close(streams[i].fd);
        }
        outcome->output = streams[0].bytes;
        outcome->output_length = streams[0].length;
        outcome->messages = streams[1].bytes;
        outcome->messages_length = streams[1].length;
        outcome->report = streams[2].bytes;
        outcome->report_length = streams[2].length;
    } else {
        for (int i = 0; i < STREAMS; i++) close(pipes[i][0]);
    }
    if (given.fd >= 0) close(given.fd);
    if (catch_interrupts) sigaction(SIGINT, &previous, NULL);
    return status;
}

void ducha_worker_outcome_free(ducha_worker_outcome *outcome) {
    free(outcome->output);
    free(outcome->messages);
    free(outcome->report);
    outcome->output = outcome->messages = outcome->report = NULL;
}
