#include <stdlib.h>
#include <string.h>
#include <lua5.4/lauxlib.h>
#include "control.h"

/* Deeper tables than this are refused rather than risking the C stack. */
#define MAX_DEPTH 200

typedef struct {
    luakit_buffer *out;
    int visiting; /* stack index of the set of tables on the current path */
    int references; /* stack index of the list of registry references made */
} encoder;

static void put(lua_State *L, encoder *e, const void *bytes, size_t length) {
    luakit_buffer *out = e->out;
    if (out->capacity - out->length < length) {
        size_t capacity = out->capacity ? out->capacity : 256;
        while (capacity - out->length < length) capacity *= 2;
        unsigned char *grown = realloc(out->bytes, capacity);
        if (grown == NULL) luaL_error(L, "not enough memory");
        out->bytes = grown;
        out->capacity = capacity;
    }
    memcpy(out->bytes + out->length, bytes, length);
    out->length += length;
}

static void put_tag(lua_State *L, encoder *e, unsigned char tag) { put(L, e, &tag, 1); }

static void put_reference(lua_State *L, encoder *e, int index, unsigned char tag) {
    lua_pushvalue(L, index);
    int32_t reference = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushinteger(L, reference);
    lua_rawseti(L, e->references, (lua_Integer)lua_rawlen(L, e->references) + 1);
    put_tag(L, e, tag);
    put(L, e, &reference, sizeof reference);
}

static void encode_value(lua_State *L, encoder *e, int index, int depth);

static void encode_table(lua_State *L, encoder *e, int index, int depth) {
    if (depth >= MAX_DEPTH) luaL_error(L, "table nesting deeper than %d levels", MAX_DEPTH);
    luaL_checkstack(L, 6, "table nesting too deep");
    lua_pushvalue(L, index);
    if (lua_rawget(L, e->visiting) != LUA_TNIL) luaL_error(L, "table contains itself (a cycle)");
    lua_pop(L, 1);
    lua_pushvalue(L, index);
    lua_pushboolean(L, 1);
    lua_rawset(L, e->visiting);

    uint64_t sequence = 0;
    while (lua_rawgeti(L, index, (lua_Integer)sequence + 1) != LUA_TNIL) {
        lua_pop(L, 1);
        sequence++;
    }
    lua_pop(L, 1);
    put_tag(L, e, LUAKIT_TAG_TABLE);
    put(L, e, &sequence, sizeof sequence);
    for (uint64_t i = 1; i <= sequence; i++) {
        lua_rawgeti(L, index, (lua_Integer)i);
        encode_value(L, e, lua_gettop(L), depth + 1);
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    while (lua_next(L, index)) {
        int is_sequence_key = 0;
        if (lua_isinteger(L, -2)) {
            lua_Integer key = lua_tointeger(L, -2);
            is_sequence_key = key >= 1 && (uint64_t)key <= sequence;
        }
        if (!is_sequence_key) {
            int top = lua_gettop(L);
            encode_value(L, e, top - 1, depth + 1);
            encode_value(L, e, top, depth + 1);
        }
        lua_pop(L, 1);
    }
    put_tag(L, e, LUAKIT_TAG_END);

    lua_pushvalue(L, index);
    lua_pushnil(L);
    lua_rawset(L, e->visiting);
}

static void encode_value(lua_State *L, encoder *e, int index, int depth) {
    switch (lua_type(L, index)) {
    case LUA_TNIL: put_tag(L, e, LUAKIT_TAG_NIL); break;
    case LUA_TBOOLEAN: put_tag(L, e, lua_toboolean(L, index) ? LUAKIT_TAG_TRUE : LUAKIT_TAG_FALSE); break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, index)) {
            lua_Integer value = lua_tointeger(L, index);
            put_tag(L, e, LUAKIT_TAG_INTEGER);
            put(L, e, &value, sizeof value);
        } else {
            lua_Number value = lua_tonumber(L, index);
            put_tag(L, e, LUAKIT_TAG_NUMBER);
            put(L, e, &value, sizeof value);
        }
        break;
    case LUA_TSTRING: {
        size_t length;
        const char *bytes = lua_tolstring(L, index, &length);
        uint64_t length64 = length;
        put_tag(L, e, LUAKIT_TAG_STRING);
        put(L, e, &length64, sizeof length64);
        put(L, e, bytes, length);
        break;
    }
    case LUA_TTABLE: encode_table(L, e, index, depth); break;
    case LUA_TFUNCTION: put_reference(L, e, index, LUAKIT_TAG_FUNCTION); break;
    case LUA_TUSERDATA: put_reference(L, e, index, LUAKIT_TAG_USERDATA); break;
    case LUA_TTHREAD: put_reference(L, e, index, LUAKIT_TAG_THREAD); break;
    case LUA_TLIGHTUSERDATA: put_reference(L, e, index, LUAKIT_TAG_LIGHTUSERDATA); break;
    default: luaL_error(L, "cannot convert a %s value", luaL_typename(L, index));
    }
}

/* Arguments: the value, a light userdata for the buffer, the reference list. */
static int encode_protected(lua_State *L) {
    encoder e = {lua_touserdata(L, 2), 0, 3};
    lua_newtable(L);
    e.visiting = lua_gettop(L);
    encode_value(L, &e, 1, 0);
    return 0;
}

int luakit_encode(lua_State *L, int index, luakit_buffer *out) {
    index = lua_absindex(L, index);
    lua_newtable(L);
    int references = lua_gettop(L);
    lua_pushcfunction(L, encode_protected);
    lua_pushvalue(L, index);
    lua_pushlightuserdata(L, out);
    lua_pushvalue(L, references);
    int status = luakit_pcall(L, 3, 0);
    if (status != LUA_OK) {
        lua_Integer count = (lua_Integer)lua_rawlen(L, references);
        for (lua_Integer i = 1; i <= count; i++) {
            lua_rawgeti(L, references, i);
            luaL_unref(L, LUA_REGISTRYINDEX, (int)lua_tointeger(L, -1));
            lua_pop(L, 1);
        }
        lua_remove(L, references);
        out->length = 0;
        return status;
    }
    lua_remove(L, references);
    return LUA_OK;
}

void luakit_buffer_free(luakit_buffer *buffer) {
    free(buffer->bytes);
    buffer->bytes = NULL;
    buffer->length = buffer->capacity = 0;
}
