#ifndef DUCHA_WORKER_H
#define DUCHA_WORKER_H

#include <stddef.h>

/// Why the parent ended a worker, if it did.
typedef enum {
    /// The worker ended by itself; `status` says how.
    DUCHA_WORKER_FINISHED = 0,
    /// The wall-clock limit passed: the worker was asked to stop (SIGTERM), then killed.
    DUCHA_WORKER_TIMED_OUT = 1,
    /// It wrote more than the cap allows and was killed.
    DUCHA_WORKER_OUTPUT_TOO_LARGE = 2,
    /// Ctrl-C reached the parent and the worker did not stop within half a second of it.
    DUCHA_WORKER_INTERRUPTED = 3,
} ducha_worker_end;

/// What a worker left behind. The buffers are the parent's to free with
/// `ducha_worker_outcome_free`.
typedef struct {
    ducha_worker_end end;
    /// The status `waitpid` gave.
    int status;
    /// Empty: the output went to this process's standard output as it came.
    unsigned char *output;
    size_t output_length;
    unsigned char *messages;
    size_t messages_length;
    unsigned char *report;
    size_t report_length;
} ducha_worker_outcome;

/// Runs `path` with `argv` and `envp`, its standard input `input` (or /dev/null when
/// `input_length` is 0), passes what it writes to its standard output on to this
/// process's as it comes, and collects through pipes its standard error and what it
/// writes to descriptor 3 (its report); each stream has its cap (`output_cap` for the
/// output and the report), past which the worker is killed. With `seconds` > 0, at that
/// many seconds the worker is asked to stop (SIGTERM) and 0.5 s later killed.
/// An interrupt while it runs (SIGINT, caught here when `catch_interrupts` is set, or
/// `ducha_interrupt_worker`) is passed on to the worker, which is killed 0.5 s later if
/// still running. Returns 0, or an errno value when the worker cannot start.
int ducha_run_worker(const char *path, char *const argv[], char *const envp[], const unsigned char *input,
                     size_t input_length, double seconds, size_t output_cap, size_t messages_cap,
                     int catch_interrupts, ducha_worker_outcome *outcome);

/// Interrupts the running worker, as Ctrl-C would, from a thread or signal handler of a
/// program that catches SIGINT itself.
void ducha_interrupt_worker(void);

/// Frees the buffers of an outcome.
void ducha_worker_outcome_free(ducha_worker_outcome *outcome);

#endif
