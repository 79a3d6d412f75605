/*
 * The parts of the Lua 5.4 C API that Swift cannot import as they are:
 * function-like macros, LUA_REGISTRYINDEX and the variadic functions.
 * Each is re-exposed as a static inline function under the prefix `clua_`.
 */
#ifndef CLUA_SHIM_H
#define CLUA_SHIM_H

#include <lua5.4/lua.h>
#include <lua5.4/lualib.h>
#include <lua5.4/lauxlib.h>

static const int CLUA_REGISTRYINDEX = LUA_REGISTRYINDEX;
static const lua_Integer CLUA_RIDX_GLOBALS = LUA_RIDX_GLOBALS;

static inline void clua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void clua_pushcfunction(lua_State *L, lua_CFunction f) { lua_pushcfunction(L, f); }
static inline void clua_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void clua_replace(lua_State *L, int idx) { lua_replace(L, idx); }
static inline lua_Number clua_tonumber(lua_State *L, int idx) { return lua_tonumber(L, idx); }
static inline lua_Integer clua_tointeger(lua_State *L, int idx) { return lua_tointeger(L, idx); }
static inline int clua_loadbuffer(lua_State *L, const char *buffer, size_t size, const char *name) {
    return luaL_loadbufferx(L, buffer, size, name, "t");
}

#endif
