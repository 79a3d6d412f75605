#include <sqlite3.h>
#include <string.h>
#include <lua5.4/lauxlib.h>
#include "control.h"

/* Column kinds (the flags of `kinds`). */
enum { KIND_PLAIN = 0, KIND_BOOLEAN = 1, KIND_LIST = 2 };

/* Pushes a list joined with U+001F as an array of strings. */
static void push_list(lua_State *L, const char *text, int length) {
    lua_newtable(L);
    if (length == 0) return;
    lua_Integer count = 0;
    const char *start = text, *end = text + length;
    for (const char *p = text; p <= end; p++) {
        if (p == end || *p == '\x1F') {
            lua_pushlstring(L, start, (size_t)(p - start));
            lua_rawseti(L, -2, ++count);
            start = p + 1;
        }
    }
}

/* One row as a table. The names are the strings in the sequence at `names_index`, or,
 * with `names_index` 0, the upvalues of the running C function from `first_name_upvalue`
 * on (cheaper to push than a table's items). A NULL column is left out (nil) — an empty
 * list for a list column —, a boolean column becomes true/false, a list column an array. */
static void push_row(lua_State *L, sqlite3_stmt *statement, int names_index, int first_name_upvalue,
                     const unsigned char *kinds) {
    int columns = sqlite3_column_count(statement);
    lua_createtable(L, 0, columns);
    for (int i = 0; i < columns; i++) {
        int type = sqlite3_column_type(statement, i);
        int kind = kinds ? kinds[i] : KIND_PLAIN;
        if (type == SQLITE_NULL && kind != KIND_LIST) continue;
        if (names_index) lua_rawgeti(L, names_index, i + 1);
        else lua_pushvalue(L, lua_upvalueindex(first_name_upvalue + i));
        if (kind == KIND_LIST) {
            const char *text = (const char *)sqlite3_column_text(statement, i);
            push_list(L, text ? text : "", text ? sqlite3_column_bytes(statement, i) : 0);
            lua_rawset(L, -3);
            continue;
        }
        switch (type) {
        case SQLITE_INTEGER:
            if (kind == KIND_BOOLEAN) lua_pushboolean(L, sqlite3_column_int64(statement, i) != 0);
            else lua_pushinteger(L, (lua_Integer)sqlite3_column_int64(statement, i));
            break;
        case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(statement, i)); break;
        default: {
            const char *text = (const char *)sqlite3_column_text(statement, i);
            lua_pushlstring(L, text ? text : "", (size_t)sqlite3_column_bytes(statement, i));
        }
        }
        lua_rawset(L, -3);
    }
}

void luakit_push_row(lua_State *L, sqlite3_stmt *statement, int names_index, const unsigned char *kinds) {
    push_row(L, statement, lua_absindex(L, names_index), 0, kinds);
}

typedef struct {
    sqlite3_stmt *statement;
    const unsigned char *kinds;
    long limit;
} rows_request;

/* Arguments: the names table, a light userdata for the request. Returns the array. */
static int push_rows_protected(lua_State *L) {
    rows_request *request = lua_touserdata(L, 2);
    lua_newtable(L);
    lua_Integer count = 0;
    int code;
    luakit_control *control = luakit_control_of(L);
    while (count != request->limit && (code = sqlite3_step(request->statement)) == SQLITE_ROW) {
        push_row(L, request->statement, 1, 0, request->kinds);
        lua_rawseti(L, -2, ++count);
        /* The host pushes these rows with the limit relaxed: a query that yields rows
         * without end must still stop at the memory limit, not at the time limit. */
        if (control->byte_limit != 0 && control->bytes_in_use > control->byte_limit) {
            lua_gc(L, LUA_GCCOLLECT);
            if (control->bytes_in_use > control->byte_limit) {
                lua_pushliteral(L, "not enough memory");
                return lua_error(L);
            }
        }
    }
    if (count != request->limit && code != SQLITE_DONE)
        return luaL_error(L, "%s", sqlite3_errmsg(sqlite3_db_handle(request->statement)));
    return 1;
}

int luakit_push_rows(lua_State *L, sqlite3_stmt *statement, int names_index, const unsigned char *kinds, long limit) {
    rows_request request = {statement, kinds, limit};
    names_index = lua_absindex(L, names_index);
    lua_pushcfunction(L, push_rows_protected);
    lua_pushvalue(L, names_index);
    lua_pushlightuserdata(L, &request);
    return luakit_pcall(L, 2, 1);
}

/* The state of one `each()` loop, kept in a userdata that is upvalue 1 of the iterator. */
typedef struct {
    sqlite3_stmt *statement;
    const long long *generation; /* the host's run counter: the loop is valid while it is `expected` */
    long long expected;
    int finished;
    int names_in_table; /* too many columns to keep each name in an upvalue */
    unsigned char kinds[];
} row_cursor;

/* Upvalues before the column names: the cursor and the keep-alive userdata. */
enum { ITERATOR_FIXED_UPVALUES = 2, ITERATOR_MAX_UPVALUES = 255 };

/* The iterator: each call steps the statement and returns its row, or nothing at the
 * end. Upvalues: the cursor, the host's keep-alive userdata that owns the statement and
 * the run counter, then each column's name (or, for very wide rows, the names table).
 * Errors are raised here, in C, from Lua's call. */
static int next_row(lua_State *L) {
    row_cursor *cursor = lua_touserdata(L, lua_upvalueindex(1));
    if (*cursor->generation != cursor->expected)
        return luaL_error(L, "this each() loop belongs to a run that has ended");
    if (cursor->finished) return 0;
    int code = sqlite3_step(cursor->statement);
    if (code == SQLITE_ROW) {
        if (cursor->names_in_table)
            push_row(L, cursor->statement, lua_upvalueindex(ITERATOR_FIXED_UPVALUES + 1), 0, cursor->kinds);
        else
            push_row(L, cursor->statement, 0, ITERATOR_FIXED_UPVALUES + 1, cursor->kinds);
        return 1;
    }
    cursor->finished = 1;
    if (code == SQLITE_DONE) return 0;
    if (code == SQLITE_INTERRUPT) luakit_raise_if_tripped(L);
    return luaL_error(L, "%s", sqlite3_errmsg(sqlite3_db_handle(cursor->statement)));
}

typedef struct {
    sqlite3_stmt *statement;
    const unsigned char *kinds;
    int count;
    const long long *generation;
} iterator_request;

/* Arguments: the names table, the keep-alive userdata, a light userdata for the request. */
static int push_iterator_protected(lua_State *L) {
    iterator_request *request = lua_touserdata(L, 3);
    row_cursor *cursor = lua_newuserdatauv(L, sizeof(row_cursor) + (size_t)request->count, 0);
    cursor->statement = request->statement;
    cursor->generation = request->generation;
    cursor->expected = *request->generation;
    cursor->finished = 0;
    cursor->names_in_table = request->count > ITERATOR_MAX_UPVALUES - ITERATOR_FIXED_UPVALUES;
    if (request->count > 0) memcpy(cursor->kinds, request->kinds, (size_t)request->count);
    lua_pushvalue(L, 2);
    if (cursor->names_in_table) {
        lua_pushvalue(L, 1);
        lua_pushcclosure(L, next_row, ITERATOR_FIXED_UPVALUES + 1);
        return 1;
    }
    luaL_checkstack(L, request->count, "too many columns");
    for (int i = 1; i <= request->count; i++) lua_rawgeti(L, 1, i);
    lua_pushcclosure(L, next_row, ITERATOR_FIXED_UPVALUES + request->count);
    return 1;
}

int luakit_push_row_iterator(lua_State *L, sqlite3_stmt *statement, int first, const unsigned char *kinds, int count,
                             const long long *generation) {
    iterator_request request = {statement, kinds, count, generation};
    first = lua_absindex(L, first);
    lua_pushcfunction(L, push_iterator_protected);
    lua_pushvalue(L, first);
    lua_pushvalue(L, first + 1);
    lua_pushlightuserdata(L, &request);
    return luakit_pcall(L, 3, 1);
}
