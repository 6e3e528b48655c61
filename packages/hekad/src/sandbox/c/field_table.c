/* The `field_table` module (ours, for common_log_format.lua): builder(keys, args, kinds, reps)
 * returns a C function that makes a log line's field table from an LPeg function capture's
 * values in one go: the table is sized for its keys once, and {value = v, representation = r}
 * values are made without calling Lua. lpeg.Ct instead grows its table four times for eight
 * keys, and a Lua function per represented value costs a call.
 *
 * Keys are set in the order given: the caller picks the order that lays the table out as
 * lpeg.Ct would have, so iterating it (inject_message does) gives the fields in the same order. */
#include <string.h>

#include "hs.h"
#include "lauxlib.h"

enum { KIND_VALUE = 0, KIND_REP = 1, KIND_REP_ARG = 2 };

typedef struct {
  int count;
  struct { int arg, kind; } entry[1];
} plan;

/* upvalues: 1 the plan, 2 keys (1..n) and representations (n+1..2n), 3 "value",
 * 4 "representation" */
static int build(lua_State *lua)
{
  const plan *p = lua_touserdata(lua, lua_upvalueindex(1));
  int top = lua_gettop(lua);
  lua_createtable(lua, 0, p->count);
  int t = top + 1;
  for (int i = 0; i < p->count; ++i) {
    int arg = p->entry[i].arg;
    lua_rawgeti(lua, lua_upvalueindex(2), i + 1);
    if (p->entry[i].kind == KIND_VALUE) {
      if (arg <= top) lua_pushvalue(lua, arg); else lua_pushnil(lua);
    } else {
      lua_createtable(lua, 0, 2);
      lua_pushvalue(lua, lua_upvalueindex(3));
      if (arg <= top) lua_pushvalue(lua, arg); else lua_pushnil(lua);
      lua_rawset(lua, -3);
      lua_pushvalue(lua, lua_upvalueindex(4));
      if (p->entry[i].kind == KIND_REP) {
        lua_rawgeti(lua, lua_upvalueindex(2), p->count + i + 1);
      } else if (arg + 1 <= top) {
        lua_pushvalue(lua, arg + 1);
      } else {
        lua_pushnil(lua);
      }
      lua_rawset(lua, -3);
    }
    lua_rawset(lua, t);
  }
  return 1;
}

/* builder(keys, args, kinds, reps): four arrays of the same length: the field name, the index
 * of its (first) value among the capture's values, 0 (the value) / 1 ({value, representation =
 * reps[i]}) / 2 ({value, representation = the next value}), and reps[i] (a string or false). */
static int builder(lua_State *lua)
{
  for (int i = 1; i <= 4; ++i) luaL_checktype(lua, i, LUA_TTABLE);
  int n = (int)lua_objlen(lua, 1);
  if (n < 1) return luaL_argerror(lua, 1, "no keys");
  plan *p = lua_newuserdata(lua, sizeof(plan) + (size_t)n * sizeof p->entry[0]);
  p->count = n;
  lua_createtable(lua, 2 * n, 0);
  int strings = lua_gettop(lua);
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(lua, 1, i);
    if (lua_type(lua, -1) != LUA_TSTRING) return luaL_error(lua, "builder: key %d is not a string", i);
    lua_rawseti(lua, strings, i);
    lua_rawgeti(lua, 2, i);
    lua_rawgeti(lua, 3, i);
    p->entry[i - 1].arg = (int)luaL_checkinteger(lua, -2);
    p->entry[i - 1].kind = (int)luaL_checkinteger(lua, -1);
    lua_pop(lua, 2);
    if (p->entry[i - 1].arg < 1 || p->entry[i - 1].kind < KIND_VALUE
        || p->entry[i - 1].kind > KIND_REP_ARG) {
      return luaL_error(lua, "builder: entry %d has an invalid argument index or kind", i);
    }
    lua_rawgeti(lua, 4, i);
    if (p->entry[i - 1].kind == KIND_REP && lua_type(lua, -1) != LUA_TSTRING) {
      return luaL_error(lua, "builder: entry %d has no representation", i);
    }
    lua_rawseti(lua, strings, n + i);
  }
  lua_pushliteral(lua, "value");
  lua_pushliteral(lua, "representation");
  lua_pushcclosure(lua, build, 4);
  return 1;
}

int hs_open_field_table(lua_State *lua)
{
  lua_createtable(lua, 0, 1);
  lua_pushcfunction(lua, builder);
  lua_setfield(lua, -2, "builder");
  return 1;
}
