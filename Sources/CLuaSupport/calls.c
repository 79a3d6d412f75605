#include <lua5.4/lauxlib.h>
#include <lua5.4/lualib.h>
#include "control.h"

static const char traceback_key = 0;
static const char function_metatable_key = 0;

static void make_error_printable(lua_State *L);

/* Message handler: makes the error value printable and records a traceback
 * in the registry, so the message itself stays as the script raised it. */
static int record_traceback(lua_State *L) {
    make_error_printable(L);
    luaL_traceback(L, L, NULL, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &traceback_key);
    return 1;
}

/* Replaces a non-string error value on top with a message describing it. */
static void make_error_printable(lua_State *L) {
    if (lua_type(L, -1) == LUA_TSTRING) return;
    if (luaL_callmeta(L, -1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
        lua_remove(L, -2);
        return;
    }
    lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, -1));
    lua_remove(L, -2);
}

static int push_trip_message(lua_State *L) {
    luakit_push_trip_message(L);
    return 1;
}

int luakit_pcall(lua_State *L, int nargs, int nresults) {
    luakit_control *control = luakit_control_of(L);
    int relax_depth = control->relax_depth;
    int base = lua_gettop(L) - nargs;
    control->relax_depth = 1; /* these pushes are the host's: they must not fail */
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &traceback_key);
    lua_pushcfunction(L, record_traceback);
    lua_insert(L, base);
    control->relax_depth = 0;
    int status = lua_pcall(L, nargs, nresults, base);
    if (status == LUA_OK && control->tripped != LUAKIT_TRIP_NONE && atomic_load(&control->running)) {
        /* The trip's error was caught on the way (coroutine.resume returns it):
         * the call still failed. The message is made under protection too. */
        control->relax_depth = 1;
        lua_settop(L, base);
        lua_pushcfunction(L, push_trip_message);
        status = lua_pcall(L, 0, 1, 0) == LUA_OK ? LUA_ERRRUN : LUA_ERRMEM;
    }
    control->relax_depth = relax_depth;
    lua_remove(L, base);
    return status;
}

void luakit_push_traceback(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &traceback_key);
}

static void guard_xpcall(lua_State *L);

static int open_libraries(lua_State *L) {
    if (!lua_toboolean(L, 1)) {
        luaL_openlibs(L);
        guard_xpcall(L);
        luakit_record_resumed_threads(L);
        return 0;
    }
    static const luaL_Reg safe[] = {
        {LUA_GNAME, luaopen_base},        {LUA_STRLIBNAME, luaopen_string},
        {LUA_TABLIBNAME, luaopen_table},  {LUA_MATHLIBNAME, luaopen_math},
        {LUA_UTF8LIBNAME, luaopen_utf8},  {LUA_COLIBNAME, luaopen_coroutine},
        {LUA_OSLIBNAME, luaopen_os},      {NULL, NULL},
    };
    for (const luaL_Reg *lib = safe; lib->func; lib++) {
        luaL_requiref(L, lib->name, lib->func, 1);
        lua_pop(L, 1);
    }
    guard_xpcall(L);
    luakit_record_resumed_threads(L);
    return 0;
}

/* xpcall's message handler, unless a limit has tripped: an error raised from the
 * count hook leaves hooks disabled while the handler runs (ldo.c restores them
 * only after it), so a looping handler could not be stopped. */
static int guarded_message_handler(lua_State *L) {
    if (luakit_control_of(L)->tripped != LUAKIT_TRIP_NONE) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int return_all(lua_State *L, int status, lua_KContext context) {
    (void)status;
    (void)context;
    return lua_gettop(L);
}

/* xpcall(f, handler, ...) with the handler guarded; upvalue 1 is the original xpcall.
 * The call has a continuation so that f may yield, as it may under the original. */
static int guarded_xpcall(lua_State *L) {
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_message_handler, 1);
    lua_replace(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, return_all);
    return lua_gettop(L);
}

static void guard_xpcall(lua_State *L) {
    lua_pushglobaltable(L);
    lua_pushliteral(L, "xpcall");
    lua_pushliteral(L, "xpcall");
    lua_rawget(L, -3);
    lua_pushcclosure(L, guarded_xpcall, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

int luakit_open_libraries(lua_State *L, int safe_only) {
    lua_pushcfunction(L, open_libraries);
    lua_pushboolean(L, safe_only);
    return luakit_pcall(L, 1, 0);
}

/* Every Swift function: upvalue 1 is a userdata holding its retained box. The
 * Swift frame has returned before anything here raises. */
static int trampoline(lua_State *L) {
    luakit_control *control = luakit_control_of(L);
    void **slot = lua_touserdata(L, lua_upvalueindex(1));
    if (*slot == NULL) return luaL_error(L, "attempt to call a released host function");
    control->relax_depth++;
    int results = control->dispatch(L, *slot);
    control->relax_depth--;
    if (control->byte_limit != 0 && control->relax_depth == 0 &&
        control->bytes_in_use > control->byte_limit) {
        /* What the Swift function pushed is on the stack, so only garbage goes. */
        lua_gc(L, LUA_GCCOLLECT);
        if (control->bytes_in_use > control->byte_limit) {
            lua_pushliteral(L, "not enough memory");
            return lua_error(L);
        }
    }
    if (results == LUAKIT_RAISE_WITH_POSITION && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    if (results < 0) {
        luakit_raise_if_tripped(L);
        return lua_error(L);
    }
    return results;
}

static int release_slot(lua_State *L);

/* Whether the value at `index` is a userdata made here: its metatable's __gc is release_slot. */
static int is_host_userdata(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return 0;
    lua_pushliteral(L, "__gc");
    lua_rawget(L, -2);
    int ours = lua_tocfunction(L, -1) == release_slot;
    lua_pop(L, 2);
    return ours;
}

/* __gc of boxes and objects: releases the Swift object once, whatever calls it. */
static int release_slot(lua_State *L) {
    void **slot = lua_touserdata(L, 1);
    if (is_host_userdata(L, 1) && *slot != NULL) {
        void *object = *slot;
        *slot = NULL;
        luakit_control_of(L)->release(object);
    }
    return 0;
}

static void push_locked_metatable(lua_State *L, const char *name) {
    lua_createtable(L, 0, 3);
    lua_pushliteral(L, "__gc");
    lua_pushcfunction(L, release_slot);
    lua_rawset(L, -3);
    lua_pushliteral(L, "__metatable");
    lua_pushstring(L, name);
    lua_rawset(L, -3);
    lua_pushliteral(L, "__name");
    lua_pushstring(L, name);
    lua_rawset(L, -3);
}

void luakit_push_function(lua_State *L, void *box) {
    void **slot = lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = box;
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &function_metatable_key) == LUA_TNIL) {
        lua_pop(L, 1);
        push_locked_metatable(L, "host function");
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &function_metatable_key);
    }
    lua_setmetatable(L, -2);
    lua_pushcclosure(L, trampoline, 1);
}

void luakit_push_object_metatable(lua_State *L, const char *name) {
    push_locked_metatable(L, name);
}

void luakit_push_object(lua_State *L, void *object, int metatable_index) {
    metatable_index = lua_absindex(L, metatable_index);
    void **slot = lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = object;
    lua_pushvalue(L, metatable_index);
    lua_setmetatable(L, -2);
}

void *luakit_to_object(lua_State *L, int index, int metatable_index) {
    metatable_index = lua_absindex(L, metatable_index);
    void **slot = lua_touserdata(L, index);
    if (lua_type(L, index) != LUA_TUSERDATA || !lua_getmetatable(L, index)) return NULL;
    int same = lua_rawequal(L, -1, metatable_index);
    lua_pop(L, 1);
    return same ? *slot : NULL;
}
