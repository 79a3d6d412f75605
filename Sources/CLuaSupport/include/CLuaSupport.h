/*
 * C support for LuaKit: everything that must run on the C side of the boundary
 * because it may raise a Lua error (longjmp) or is called by Lua directly.
 *
 * Swift never calls an API function that can raise while a Swift frame is live:
 * Swift functions called from Lua go through `luakit_trampoline`, which raises
 * after the Swift frame has returned; conversions of script values run under
 * `lua_pcall` in `luakit_encode`.
 */
#ifndef CLUASUPPORT_H
#define CLUASUPPORT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <lua5.4/lua.h>

/* What ended a run early. */
typedef enum {
    LUAKIT_TRIP_NONE = 0,
    LUAKIT_TRIP_INSTRUCTIONS = 1,
    LUAKIT_TRIP_TIME = 2,
    LUAKIT_TRIP_CANCEL = 3,
} luakit_trip;

/* Returned by a Swift function instead of a result count: the error value is on top. */
#define LUAKIT_RAISE (-1)
/* As LUAKIT_RAISE, and the caller's position ("chunk:line: ") is prefixed to a string message. */
#define LUAKIT_RAISE_WITH_POSITION (-2)

/* Calls the Swift function whose retained box is `box`; returns a result count or a LUAKIT_RAISE code. */
typedef int (*luakit_dispatch_fn)(lua_State *L, void *box);
/* Releases one retained Swift object. */
typedef void (*luakit_release_fn)(void *object);

typedef struct luakit_control luakit_control;

/* For long calls the host makes while a script runs (an SQL statement): nonzero once
 * the run was cancelled or passed its deadline, which then trips the run as the count
 * hook would. Call only on the thread running the state; `control` as a void pointer
 * so it fits C callbacks such as SQLite's progress handler. */
int luakit_should_stop(void *control);

/* The signal `luakit_cancel` sends to the thread running a state without limits. */
#define LUAKIT_INTERRUPT_SIGNAL SIGUSR2

/* A new state with a counting, capped allocator, a panic handler and a warning
 * sink. NULL if out of memory. */
luakit_control *luakit_control_new(luakit_dispatch_fn dispatch, luakit_release_fn release);
lua_State *luakit_control_state(luakit_control *control);
/* Closes the state, running finalizers; the control block stays for cancellers. */
void luakit_control_close(luakit_control *control);
void luakit_control_free(luakit_control *control);

/* Limits; 0 means none. They apply from the next `luakit_begin_run`. */
void luakit_set_memory_limit(luakit_control *control, size_t bytes);
void luakit_set_instruction_limit(luakit_control *control, uint64_t instructions);
void luakit_set_time_limit(luakit_control *control, double seconds);
/* Starts a top-level run: clears a previous trip and cancellation, starts the clock,
 * and installs the count hook before any code runs if a limit is set. */
void luakit_begin_run(luakit_control *control);
void luakit_end_run(luakit_control *control);
/* Asks the running code to stop; safe from any thread. With a limit set the hook
 * sees it within a thousand instructions; otherwise the running thread is signalled
 * to install the hook on the state's main thread (a loop inside a coroutine then
 * stops when the coroutine returns control). */
void luakit_cancel(luakit_control *control);
luakit_trip luakit_tripped(const luakit_control *control);
size_t luakit_memory_in_use(const luakit_control *control);
uint64_t luakit_instructions_executed(const luakit_control *control);

/* From now on, in this process, SQLite's heap counts against the memory limit of a state
 * that has one, and SQLite may use only what that state leaves of it (for a process that
 * runs one limited state: SQLite's heap limit is the process's). */
void luakit_count_sqlite_memory(int counted);

/* The allocator grants every request while the host pushes values (nesting counter). */
void luakit_relax_memory_limit(luakit_control *control);
void luakit_restore_memory_limit(luakit_control *control);

/* Opens the standard libraries under protection: all of them, or only those
 * safe for untrusted code (base, string, table, math, utf8, coroutine, os). */
int luakit_open_libraries(lua_State *L, int safe_only);

/* lua_pcall with the memory limit in force and a traceback-recording handler.
 * The function and its arguments are on the stack. */
int luakit_pcall(lua_State *L, int nargs, int nresults);
/* Pushes the traceback recorded by the last failed `luakit_pcall`, or nil. */
void luakit_push_traceback(lua_State *L);

/* Pushes a Lua function that calls the Swift function `box` (retained; released by __gc). */
void luakit_push_function(lua_State *L, void *box);
/* Pushes a full userdata holding the retained Swift `object`, with the metatable at `metatable_index`. */
void luakit_push_object(lua_State *L, void *object, int metatable_index);
/* Pushes a new metatable for objects of one Swift type: __gc (idempotent), __metatable and __name. */
void luakit_push_object_metatable(lua_State *L, const char *name);
/* The Swift object in the userdata at `index` if its metatable is the one at `metatable_index`, else NULL. */
void *luakit_to_object(lua_State *L, int index, int metatable_index);

/* A growable byte buffer that `luakit_encode` writes a value into. */
typedef struct {
    unsigned char *bytes;
    size_t length;
    size_t capacity;
} luakit_buffer;

/* Value tags of the encoding. Tables are TABLE, a count and that many array values,
 * then key/value pairs, then END. References are registry references (int32). */
enum {
    LUAKIT_TAG_NIL = 0,
    LUAKIT_TAG_FALSE = 1,
    LUAKIT_TAG_TRUE = 2,
    LUAKIT_TAG_INTEGER = 3,
    LUAKIT_TAG_NUMBER = 4,
    LUAKIT_TAG_STRING = 5,
    LUAKIT_TAG_TABLE = 6,
    LUAKIT_TAG_END = 7,
    LUAKIT_TAG_FUNCTION = 8,
    LUAKIT_TAG_USERDATA = 9,
    LUAKIT_TAG_THREAD = 10,
    LUAKIT_TAG_LIGHTUSERDATA = 11,
};

/* Encodes the value at `index` into `out` under protection, copying tables deeply
 * (raw access, no metamethods run) and rejecting cycles. On error returns a status
 * other than LUA_OK with the message on top; registry references made are released. */
int luakit_encode(lua_State *L, int index, luakit_buffer *out);
void luakit_buffer_free(luakit_buffer *buffer);

/* Rows of an SQLite statement as plain tables, built in C: the column names are the
 * strings in the sequence at `names_index`; `kinds` (may be NULL) gives each column's
 * kind: 0 plain, 1 boolean (0/1 become false/true), 2 a list joined with U+001F (becomes
 * an array); a NULL column is left out. */
typedef struct sqlite3_stmt sqlite3_stmt;
/* Pushes the current row. Call with the memory limit relaxed. */
void luakit_push_row(lua_State *L, sqlite3_stmt *statement, int names_index, const unsigned char *kinds);
/* Steps the statement up to `limit` rows (-1: all) and pushes them as an array, under
 * protection (the memory limit applies); returns LUA_OK or an error status with the
 * message on top. */
int luakit_push_rows(lua_State *L, sqlite3_stmt *statement, int names_index, const unsigned char *kinds, long limit);
/* Pushes an iterator function for `for row in ...`: each call steps the statement and
 * returns one row, or nothing at the end, and raises once `*generation` has moved on
 * from its value now (the run that made it has ended). At `first`: the names table,
 * then a userdata that keeps the statement and `generation` alive as long as the
 * iterator. Under protection; returns LUA_OK or an error status with the message on top. */
int luakit_push_row_iterator(lua_State *L, sqlite3_stmt *statement, int first, const unsigned char *kinds, int count,
                             const long long *generation);

/* The sandbox's replacements for functions that leak addresses: tostring, print
 * and string.format (upvalue 1: the original string.format). */
int luakit_safe_tostring(lua_State *L);
int luakit_safe_print(lua_State *L);
int luakit_safe_format(lua_State *L);

#endif
