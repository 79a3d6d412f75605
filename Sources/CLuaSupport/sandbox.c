#include <string.h>
#include <stdio.h>
#include <lua5.4/lauxlib.h>
#include "control.h"

/* Pushes what tostring shows for the value at `index`, never an address:
 * __tostring when present, else the type (or __name) without "0x...". */
static const char *push_safe_string(lua_State *L, int index) {
    index = lua_absindex(L, index);
    switch (lua_type(L, index)) {
    case LUA_TNIL: case LUA_TBOOLEAN: case LUA_TNUMBER: case LUA_TSTRING:
        return luaL_tolstring(L, index, NULL);
    default:
        if (luaL_callmeta(L, index, "__tostring")) {
            if (!lua_isstring(L, -1)) luaL_error(L, "'__tostring' must return a string");
            return lua_tostring(L, -1);
        }
        int name = luaL_getmetafield(L, index, "__name");
        if (name == LUA_TSTRING) return lua_tostring(L, -1);
        if (name != LUA_TNIL) lua_pop(L, 1);
        lua_pushstring(L, luaL_typename(L, index));
        return lua_tostring(L, -1);
    }
}

int luakit_safe_tostring(lua_State *L) {
    luaL_checkany(L, 1);
    lua_settop(L, 1);
    push_safe_string(L, 1);
    return 1;
}

int luakit_safe_print(lua_State *L) {
    int count = lua_gettop(L);
    for (int i = 1; i <= count; i++) {
        size_t length;
        push_safe_string(L, i);
        const char *text = lua_tolstring(L, -1, &length);
        if (i > 1) fputc('\t', stdout);
        fwrite(text, 1, length, stdout);
        lua_pop(L, 1);
    }
    fputc('\n', stdout);
    fflush(stdout);
    return 0;
}

/* string.format without '%p', with '%s' arguments made by the safe tostring.
 * Upvalue 1 is the original string.format, which does the formatting. */
int luakit_safe_format(lua_State *L) {
    size_t length;
    const char *format = luaL_checklstring(L, 1, &length);
    const char *end = format + length;
    int argument = 1;
    for (const char *p = format; p < end; p++) {
        if (*p != '%') continue;
        if (++p < end && *p == '%') continue;
        while (p < end && strchr("-+ #0123456789.", *p)) p++;
        if (p >= end) break;
        argument++;
        if (*p == 'p') return luaL_error(L, "bad argument #1 to 'format' ('%%p' is not allowed here)");
        if (*p == 's' && argument <= lua_gettop(L)) {
            push_safe_string(L, argument);
            lua_replace(L, argument);
        }
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}
