#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include "control.h"

/* A state without limits has no hook until it is cancelled, and the signal handler
 * that then installs one can reach only the threads it knows of: a coroutine does not
 * inherit a hook set after it was created. So coroutine.resume and the functions
 * coroutine.wrap makes are LuaKit's own, which record the thread they resume while it
 * runs. They resume as lcorolib.c's do, through lua_resume, which returns errors
 * instead of raising them: the record is always taken back, at no cost to the call. */

/* Resumes `co` with the `narg` values on top of L, as lcorolib.c's auxresume: leaves the
 * results on L and returns their count, or leaves the error message and returns -1. */
static int resume_recording(lua_State *L, lua_State *co, int narg) {
    if (!lua_checkstack(co, narg)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, narg);
    luakit_control *control = luakit_control_of(L);
    sig_atomic_t depth = control->resumed_depth;
    if (depth < LUAKIT_RESUME_DEPTH) control->resumed[depth] = co;
    atomic_signal_fence(memory_order_seq_cst); /* the handler reads the slot only after the depth */
    control->resumed_depth = depth + 1;
    int results;
    int status = lua_resume(co, L, narg, &results);
    control->resumed_depth = depth;
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, results + 1)) {
            lua_pop(co, results);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, results);
        return results;
    }
    lua_xmove(co, L, 1);
    return -1;
}

/* coroutine.resume(co, ...): true and what the coroutine yields or returns, or false
 * and its error. */
static int recording_resume(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTHREAD);
    lua_State *co = lua_tothread(L, 1);
    int results = resume_recording(L, co, lua_gettop(L) - 1);
    lua_pushboolean(L, results >= 0);
    lua_insert(L, results >= 0 ? -(results + 1) : -2);
    return results >= 0 ? results + 1 : 2;
}

/* A function coroutine.wrap made; upvalue 1 is its coroutine. An error in the coroutine
 * is raised again, with the caller's position in front as lcorolib.c puts it, except
 * for a limit or cancellation, which is the run's and keeps its own position. */
static int recording_wrapped(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int results = resume_recording(L, co, lua_gettop(L));
    if (results >= 0) return results;
    int status = lua_status(co);
    if (status != LUA_OK && status != LUA_YIELD) { /* the coroutine failed: close it */
        status = lua_resetthread(co);
        lua_xmove(co, L, 1);
    }
    if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING &&
        luakit_control_of(L)->tripped == LUAKIT_TRIP_NONE) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

/* coroutine.wrap(f) */
static int recording_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, recording_wrapped, 1);
    return 1;
}

void luakit_record_resumed_threads(lua_State *L) {
    if (lua_getglobal(L, LUA_COLIBNAME) == LUA_TTABLE) {
        lua_pushcfunction(L, recording_resume);
        lua_setfield(L, -2, "resume");
        lua_pushcfunction(L, recording_wrap);
        lua_setfield(L, -2, "wrap");
    }
    lua_pop(L, 1);
}
