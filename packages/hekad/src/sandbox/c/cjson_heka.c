/* Heka's changes to cjson, made around the stock module: JSON null is dropped from decoded data
 * unless cjson.decode_null(true), and cjson.encode refuses results over output_limit. */
#include "hs.h"
#include "lauxlib.h"

int luaopen_cjson(lua_State *lua);

static int keep_null; /* one sandbox per instance, so one setting */

/* Removes cjson.null (a NULL light userdata) from the table at index t, recursively. */
static void drop_nulls(lua_State *lua, int t)
{
  lua_pushnil(lua);
  while (lua_next(lua, t)) {
    if (lua_islightuserdata(lua, -1) && lua_touserdata(lua, -1) == NULL) {
      lua_pop(lua, 1);
      lua_pushvalue(lua, -1);
      lua_pushnil(lua);
      lua_rawset(lua, t); /* clearing an existing key is allowed during lua_next */
      continue;
    }
    if (lua_istable(lua, -1)) drop_nulls(lua, lua_gettop(lua));
    lua_pop(lua, 1);
  }
}

static int decode(lua_State *lua)
{
  lua_pushvalue(lua, lua_upvalueindex(1));
  lua_insert(lua, 1);
  lua_call(lua, lua_gettop(lua) - 1, 1);
  if (!keep_null) {
    if (lua_islightuserdata(lua, -1) && lua_touserdata(lua, -1) == NULL) {
      lua_pop(lua, 1);
      lua_pushnil(lua);
    } else if (lua_istable(lua, -1)) {
      drop_nulls(lua, lua_gettop(lua));
    }
  }
  return 1;
}

static int encode(lua_State *lua)
{
  lua_pushvalue(lua, lua_upvalueindex(1));
  lua_insert(lua, 1);
  lua_call(lua, lua_gettop(lua) - 1, 1);
  size_t limit = hs.usage[HS_OUTPUT][HS_LIMIT];
  if (limit && lua_objlen(lua, -1) > limit) return luaL_error(lua, "output_limit exceeded");
  return 1;
}

static int decode_null(lua_State *lua)
{
  luaL_checktype(lua, 1, LUA_TBOOLEAN);
  keep_null = lua_toboolean(lua, 1);
  return 0;
}

static void wrap(lua_State *lua, const char *name, lua_CFunction f)
{
  lua_getfield(lua, -1, name);
  lua_pushcclosure(lua, f, 1);
  lua_setfield(lua, -2, name);
}

int hs_open_cjson(lua_State *lua)
{
  keep_null = 0;
  lua_pushcfunction(lua, luaopen_cjson);
  lua_call(lua, 0, 1);
  wrap(lua, "decode", decode);
  wrap(lua, "encode", encode);
  lua_pushcfunction(lua, decode_null);
  lua_setfield(lua, -2, "decode_null");
  return 1;
}
