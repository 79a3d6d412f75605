#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include "control.h"

/* A state without limits has no hook until it is cancelled, and the signal handler
 * that then installs one can reach only the threads it knows of. A coroutine does
 * not inherit a hook set after it was created, so coroutine.resume and the
 * functions coroutine.wrap makes record the thread they run while it runs. */

/* Calls the function at index 1 with the values above it, with `thread` recorded
 * as running; errors pass through unchanged. */
static int call_recording(lua_State *L, lua_State *thread) {
    luakit_control *control = luakit_control_of(L);
    sig_atomic_t depth = control->resumed_depth;
    if (depth < LUAKIT_RESUME_DEPTH) control->resumed[depth] = thread;
    atomic_signal_fence(memory_order_seq_cst); /* the handler reads the slot only after the depth */
    control->resumed_depth = depth + 1;
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    control->resumed_depth = depth;
    if (status != LUA_OK) return lua_error(L);
    return lua_gettop(L);
}

/* coroutine.resume; upvalue 1 is the original. */
static int recording_resume(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTHREAD);
    lua_State *thread = lua_tothread(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    return call_recording(L, thread);
}

/* A function coroutine.wrap made; upvalue 1 is the original's function, 2 its thread. */
static int recording_wrapped(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    return call_recording(L, lua_tothread(L, lua_upvalueindex(2)));
}

/* coroutine.wrap; upvalue 1 is the original, whose function keeps its thread in
 * its first upvalue (lcorolib.c). */
static int recording_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 1, 1);
    if (lua_getupvalue(L, 1, 1) == NULL) return 1;
    if (lua_type(L, -1) != LUA_TTHREAD) {
        lua_pop(L, 1);
        return 1;
    }
    lua_pushcclosure(L, recording_wrapped, 2);
    return 1;
}

/* Replaces `name` in the table on top with `replacement` closing over the original. */
static void replace_with_recording(lua_State *L, const char *name, lua_CFunction replacement) {
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, replacement, 1);
    lua_setfield(L, -2, name);
}

void luakit_record_resumed_threads(lua_State *L) {
    if (lua_getglobal(L, LUA_COLIBNAME) == LUA_TTABLE) {
        replace_with_recording(L, "resume", recording_resume);
        replace_with_recording(L, "wrap", recording_wrap);
    }
    lua_pop(L, 1);
}
