#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <lua5.4/lauxlib.h>
#include <sqlite3.h>
#include "control.h"

static int64_t monotonic_ns(void) {
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* What a block Lua asks `size` bytes for takes from the process: its pool class (small
 * blocks are rounded up to one) and malloc's header. Counting what Lua asks for alone let
 * a state of small objects (closures, rows) hold nearly twice its limit. */
static size_t footprint(size_t size) {
    if (size == 0) return 0;
    size_t block = size <= POOL_LARGEST ? (pool_class(size) + 1) * POOL_GRANULE : size;
    return block + 2 * sizeof(size_t);
}

/* Whether SQLite's heap counts against the memory limit (luakit_count_sqlite_memory). */
static int sqlite_counted;

/* SQLite's heap and the state's share the limit: SQLite may use what the state leaves,
 * and the state what SQLite leaves. Brought up to date whenever the state's use crosses
 * a mebibyte, so a run holds at most that much beyond its limit. */
static void share_limit_with_sqlite(luakit_control *control) {
    size_t bucket = control->bytes_in_use >> 20;
    if (bucket == control->sqlite_synced_bucket) return;
    control->sqlite_synced_bucket = bucket;
    size_t left = control->byte_limit > control->bytes_in_use ? control->byte_limit - control->bytes_in_use : 0;
    sqlite3_hard_heap_limit64((sqlite3_int64)(left > (1 << 20) ? left : (1 << 20)));
    control->sqlite_bytes = (size_t)sqlite3_memory_used();
}

void luakit_count_sqlite_memory(int counted) { sqlite_counted = counted; }

/* Counts bytes per state and refuses growth past the limit unless the host is
 * pushing; never raises, and shrinking always succeeds (manual §4.6). Small blocks
 * come from the state's pool. */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    luakit_control *control = ud;
    size_t old_size = ptr ? osize : 0; /* with ptr == NULL, osize is a type tag */
    if (nsize == 0) {
        pool_give(&control->pool, ptr, old_size);
        control->bytes_in_use -= footprint(old_size);
        return NULL;
    }
    if (control->byte_limit != 0 && sqlite_counted) share_limit_with_sqlite(control);
    if (nsize > old_size && control->byte_limit != 0 && control->relax_depth == 0) {
        size_t growth = footprint(nsize) - footprint(old_size);
        size_t used = control->bytes_in_use + (sqlite_counted ? control->sqlite_bytes : 0);
        if (used > control->byte_limit || growth > control->byte_limit - used) return NULL;
    }
    void *block = pool_resize(&control->pool, ptr, old_size, nsize);
    if (block == NULL) return NULL;
    control->bytes_in_use = control->bytes_in_use - footprint(old_size) + footprint(nsize);
    return block;
}

static const char *trip_message(luakit_trip trip) {
    switch (trip) {
    case LUAKIT_TRIP_INSTRUCTIONS: return "instruction limit exceeded (%s instructions)";
    case LUAKIT_TRIP_TIME: return "time limit exceeded (%s s)";
    case LUAKIT_TRIP_CANCEL: return "interrupted%s";
    default: return NULL;
    }
}

static void raise_trip(lua_State *L, int level);
static void limit_hook(lua_State *L, lua_Debug *ar);

void luakit_raise_if_tripped(lua_State *L) {
    /* Called by a host function: level 1 is the Lua code that called it. */
    if (luakit_control_of(L)->tripped != LUAKIT_TRIP_NONE) raise_trip(L, 1);
}

void luakit_push_trip_message(lua_State *L) {
    luakit_control *control = luakit_control_of(L);
    char amount[32] = "";
    if (control->tripped == LUAKIT_TRIP_INSTRUCTIONS)
        snprintf(amount, sizeof amount, "%llu", (unsigned long long)control->instruction_limit);
    else if (control->tripped == LUAKIT_TRIP_TIME)
        snprintf(amount, sizeof amount, "%g", control->time_limit);
    lua_pushfstring(L, trip_message(control->tripped), amount);
}

/* Raises the trip's message with the position of the function at `level`. */
static void raise_trip(lua_State *L, int level) {
    luaL_where(L, level);
    luakit_push_trip_message(L);
    lua_concat(L, 2);
    lua_error(L);
}

/* Makes the hook fire on every instruction of each thread the run is in: the one
 * that tripped, the main thread and the coroutines resuming it, so that a
 * coroutine.resume that returns the error cannot let the run go on. */
static void hook_every_running_thread(lua_State *L, luakit_control *control) {
    lua_sethook(L, limit_hook, LUA_MASKCOUNT, 1);
    lua_sethook(control->L, limit_hook, LUA_MASKCOUNT, 1);
    for (sig_atomic_t i = 0; i < control->resumed_depth && i < LUAKIT_RESUME_DEPTH; i++)
        lua_sethook(control->resumed[i], limit_hook, LUA_MASKCOUNT, 1);
}

/* The count hook. Once a limit trips it stays tripped and fires on every
 * instruction of the thread, so a pcall that catches the error cannot go on.
 * It raises only in Lua functions: the call and return events of a C function
 * (a message handler among them) give the error no position, and the next
 * instruction of a Lua function comes soon. */
static void limit_hook(lua_State *L, lua_Debug *ar) {
    luakit_control *control = luakit_control_of(L);
    if (control->tripped == LUAKIT_TRIP_NONE) {
        control->instructions += (uint64_t)lua_gethookcount(L);
        if (atomic_load_explicit(&control->cancel_requested, memory_order_relaxed))
            control->tripped = LUAKIT_TRIP_CANCEL;
        else if (control->instruction_limit != 0 && control->instructions > control->instruction_limit)
            control->tripped = LUAKIT_TRIP_INSTRUCTIONS;
        else if (control->deadline_ns != 0 && monotonic_ns() >= control->deadline_ns)
            control->tripped = LUAKIT_TRIP_TIME;
        else {
            /* A hook an earlier run's trip left on a coroutine: back to this run's pace. */
            if (lua_gethookcount(L) != LUAKIT_HOOK_INTERVAL) {
                if (control->hook_always) lua_sethook(L, limit_hook, LUA_MASKCOUNT, LUAKIT_HOOK_INTERVAL);
                else lua_sethook(L, NULL, 0, 0);
            }
            return;
        }
    }
    /* Also when the trip came from outside the hook (luakit_should_stop, in a long host call). */
    hook_every_running_thread(L, control);
    if (ar->event != LUA_HOOKCOUNT && lua_getinfo(L, "S", ar) && ar->what[0] == 'C') return;
    raise_trip(L, 0); /* in a hook, level 0 is the Lua function that was running */
}

int luakit_should_stop(void *opaque) {
    luakit_control *control = opaque;
    if (control->tripped != LUAKIT_TRIP_NONE) return 1;
    if (atomic_load_explicit(&control->cancel_requested, memory_order_relaxed))
        control->tripped = LUAKIT_TRIP_CANCEL;
    else if (control->deadline_ns != 0 && monotonic_ns() >= control->deadline_ns)
        control->tripped = LUAKIT_TRIP_TIME;
    else
        return 0;
    return 1;
}

/* The run in progress on this thread, for the interrupt signal's handler. */
static _Thread_local luakit_control *current_run;

/* A state without limits runs without a hook, at full speed; cancelling it sends
 * this signal to the thread running it, whose handler installs the hook there,
 * as lua.c does for Ctrl-C (lua_sethook may be called from a signal handler). */
static void on_interrupt_signal(int signal_number) {
    (void)signal_number;
    luakit_control *control = current_run;
    if (control == NULL || !atomic_load(&control->cancel_requested)) return;
    const int mask = LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT;
    lua_sethook(control->L, limit_hook, mask, 1);
    sig_atomic_t depth = control->resumed_depth;
    atomic_signal_fence(memory_order_seq_cst);
    for (sig_atomic_t i = 0; i < depth && i < LUAKIT_RESUME_DEPTH; i++)
        lua_sethook(control->resumed[i], limit_hook, mask, 1);
}

static void install_interrupt_handler(void) {
    struct sigaction action = {0};
    action.sa_handler = on_interrupt_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    sigaction(LUAKIT_INTERRUPT_SIGNAL, &action, NULL);
}

static int panic(lua_State *L) {
    const char *message = lua_tostring(L, -1);
    fprintf(stderr, "ducha: unprotected Lua error: %s\n", message ? message : "(not a string)");
    fflush(stderr);
    abort();
}

/* Warnings as lua.c shows them: off until "@on", pieces joined until the last. */
static void warn_sink(void *ud, const char *message, int continues) {
    luakit_control *control = ud;
    if (!control->warning_continues && message[0] == '@') {
        if (strcmp(message, "@on") == 0) control->warnings_on = 1;
        else if (strcmp(message, "@off") == 0) control->warnings_on = 0;
        return;
    }
    if (control->warnings_on) {
        if (!control->warning_continues) fputs("Lua warning: ", stderr);
        fputs(message, stderr);
        if (!continues) fputs("\n", stderr);
        fflush(stderr);
    }
    control->warning_continues = continues;
}

luakit_control *luakit_control_new(luakit_dispatch_fn dispatch, luakit_release_fn release) {
    static pthread_once_t handler_installed = PTHREAD_ONCE_INIT;
    pthread_once(&handler_installed, install_interrupt_handler);
    luakit_control *control = calloc(1, sizeof *control);
    if (control == NULL) return NULL;
    atomic_init(&control->cancel_requested, 0);
    atomic_init(&control->running, 0);
    control->dispatch = dispatch;
    control->release = release;
    control->sqlite_synced_bucket = SIZE_MAX;
    lua_State *L = lua_newstate(capped_alloc, control);
    if (L == NULL) {
        free(control);
        return NULL;
    }
    control->L = L;
    *(luakit_control **)lua_getextraspace(L) = control;
    lua_atpanic(L, panic);
    lua_setwarnf(L, warn_sink, control);
    return control;
}

lua_State *luakit_control_state(luakit_control *control) { return control->L; }

void luakit_control_close(luakit_control *control) {
    control->byte_limit = 0;
    lua_close(control->L);
    control->L = NULL;
    pool_drain(&control->pool);
}

void luakit_control_free(luakit_control *control) { free(control); }

void luakit_set_memory_limit(luakit_control *control, size_t bytes) {
    control->byte_limit = bytes;
    control->sqlite_synced_bucket = SIZE_MAX;
}
void luakit_set_instruction_limit(luakit_control *control, uint64_t n) { control->instruction_limit = n; }
void luakit_set_time_limit(luakit_control *control, double seconds) { control->time_limit = seconds; }

void luakit_begin_run(luakit_control *control) {
    control->tripped = LUAKIT_TRIP_NONE;
    control->instructions = 0;
    atomic_store(&control->cancel_requested, 0);
    /* Capped at about thirty years, so the conversion to nanoseconds cannot overflow. */
    double seconds = control->time_limit < 1e9 ? control->time_limit : 1e9;
    control->deadline_ns = seconds > 0 ? monotonic_ns() + (int64_t)(seconds * 1e9) : 0;
    control->hook_always = control->instruction_limit != 0 || control->deadline_ns != 0;
    if (control->hook_always)
        lua_sethook(control->L, limit_hook, LUA_MASKCOUNT, LUAKIT_HOOK_INTERVAL);
    else
        lua_sethook(control->L, NULL, 0, 0);
    /* Thread pools (libdispatch's among them) block signals in their workers. */
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, LUAKIT_INTERRUPT_SIGNAL);
    pthread_sigmask(SIG_UNBLOCK, &interrupt, &control->runner_signal_mask);
    control->runner = pthread_self();
    control->resumed_depth = 0;
    control->outer_run = current_run;
    current_run = control;
    atomic_store(&control->running, 1);
}

void luakit_end_run(luakit_control *control) {
    atomic_store(&control->running, 0);
    current_run = control->outer_run;
    pthread_sigmask(SIG_SETMASK, &control->runner_signal_mask, NULL);
}

void luakit_cancel(luakit_control *control) {
    atomic_store(&control->cancel_requested, 1);
    if (!control->hook_always && atomic_load(&control->running))
        pthread_kill(control->runner, LUAKIT_INTERRUPT_SIGNAL);
}

luakit_trip luakit_tripped(const luakit_control *control) { return control->tripped; }
size_t luakit_memory_in_use(const luakit_control *control) { return control->bytes_in_use; }
uint64_t luakit_instructions_executed(const luakit_control *control) { return control->instructions; }

void luakit_relax_memory_limit(luakit_control *control) { control->relax_depth++; }
void luakit_restore_memory_limit(luakit_control *control) { control->relax_depth--; }
