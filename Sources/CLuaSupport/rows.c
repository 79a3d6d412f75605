#include <sqlite3.h>
#include <lauxlib.h>
#include "control.h"

/* One row as a table: the names are the strings in the sequence at `names_index`;
 * a NULL column is left out (nil), a boolean column (flag set) becomes true/false. */
static void push_row(lua_State *L, sqlite3_stmt *statement, int names_index, const unsigned char *booleans) {
    int columns = sqlite3_column_count(statement);
    lua_createtable(L, 0, columns);
    for (int i = 0; i < columns; i++) {
        int type = sqlite3_column_type(statement, i);
        if (type == SQLITE_NULL) continue;
        lua_rawgeti(L, names_index, i + 1);
        switch (type) {
        case SQLITE_INTEGER:
            if (booleans && booleans[i]) lua_pushboolean(L, sqlite3_column_int64(statement, i) != 0);
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

void luakit_push_row(lua_State *L, sqlite3_stmt *statement, int names_index, const unsigned char *booleans) {
    push_row(L, statement, lua_absindex(L, names_index), booleans);
}

typedef struct {
    sqlite3_stmt *statement;
    const unsigned char *booleans;
    long limit;
} rows_request;

/* Arguments: the names table, a light userdata for the request. Returns the array. */
static int push_rows_protected(lua_State *L) {
    rows_request *request = lua_touserdata(L, 2);
    lua_newtable(L);
    lua_Integer count = 0;
    int code;
    while (count != request->limit && (code = sqlite3_step(request->statement)) == SQLITE_ROW) {
        push_row(L, request->statement, 1, request->booleans);
        lua_rawseti(L, -2, ++count);
    }
    if (count != request->limit && code != SQLITE_DONE)
        return luaL_error(L, "%s", sqlite3_errmsg(sqlite3_db_handle(request->statement)));
    return 1;
}

int luakit_push_rows(lua_State *L, sqlite3_stmt *statement, int names_index, const unsigned char *booleans, long limit) {
    rows_request request = {statement, booleans, limit};
    names_index = lua_absindex(L, names_index);
    lua_pushcfunction(L, push_rows_protected);
    lua_pushvalue(L, names_index);
    lua_pushlightuserdata(L, &request);
    return luakit_pcall(L, 2, 1);
}
