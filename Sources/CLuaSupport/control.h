/* The per-state control block, shared by the C files of CLuaSupport. */
#ifndef LUAKIT_CONTROL_H
#define LUAKIT_CONTROL_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include "CLuaSupport.h"

/* How many VM instructions pass between two hook calls. */
#define LUAKIT_HOOK_INTERVAL 1000

/* How many nested coroutine resumes the interrupt signal's handler can reach. */
#define LUAKIT_RESUME_DEPTH 256

#include "pool.h"

struct luakit_control {
    lua_State *L;
    luakit_dispatch_fn dispatch;
    luakit_release_fn release;

    luakit_pool pool;
    size_t bytes_in_use;
    size_t byte_limit;
    int relax_depth;
    /* SQLite's heap when last looked at, and the mebibyte of bytes_in_use then. */
    size_t sqlite_bytes;
    size_t sqlite_synced_bucket;

    uint64_t instruction_limit;
    uint64_t instructions;
    double time_limit;
    int64_t deadline_ns;
    atomic_int cancel_requested;
    luakit_trip tripped;
    /* Whether the count hook runs all the time (a limit is set) or only once cancelled. */
    int hook_always;
    /* The thread running a top-level call, while `running` is set. */
    atomic_int running;
    pthread_t runner;
    sigset_t runner_signal_mask; /* the runner's mask before the run, restored after */
    /* The coroutines being resumed, outermost first, for the interrupt signal's handler. */
    lua_State *resumed[LUAKIT_RESUME_DEPTH];
    volatile sig_atomic_t resumed_depth;
    /* The run this one interrupts on the same thread (a host function running another state). */
    luakit_control *outer_run;

    int warnings_on;
    int warning_continues;
};

/* The control block of any thread of a state: kept in the main thread's extra
 * space, which every new thread copies. */
static inline luakit_control *luakit_control_of(lua_State *L) {
    return *(luakit_control **)lua_getextraspace(L);
}

/* Raises the limit or cancellation that tripped, if one did: a host call that failed
 * because the run was stopped reports why, not how its callee failed. */
void luakit_raise_if_tripped(lua_State *L);

/* Pushes the message of the limit or cancellation that tripped (no position). */
void luakit_push_trip_message(lua_State *L);

/* Makes coroutine.resume and coroutine.wrap record the thread they run (coroutines.c);
 * the table `coroutine` is a global. Raises only on memory errors. */
void luakit_record_resumed_threads(lua_State *L);

#endif
