/* LPeg checks that an argument is a pattern with luaL_checkudata, which looks the pattern
 * metatable up in the registry by its name (interning "lpeg-pattern" again) on every call,
 * twice per lpeg.match: a few per cent of an access log decoder. Here the metatable is looked
 * up by name once per Lua state and then compared by identity; anything else (not a pattern)
 * takes luaL_checkudata's path, with its error message. The build script points LPeg's
 * getpattern at this function. */
#include "hs.h"
#include "lauxlib.h"

#define PATTERN_T "lpeg-pattern"

/* The current state's pattern metatable (kept alive by the registry), once seen. */
static const void *pattern_mt;

void hs_lpeg_forget(void) { pattern_mt = NULL; }

void *hs_lpeg_checkpattern(lua_State *L, int idx)
{
  if (pattern_mt != NULL && lua_type(L, idx) == LUA_TUSERDATA && lua_getmetatable(L, idx)) {
    const void *mt = lua_topointer(L, -1);
    lua_pop(L, 1);
    if (mt == pattern_mt) return lua_touserdata(L, idx);
  }
  void *p = luaL_checkudata(L, idx, PATTERN_T); /* raises the usual error for anything else */
  lua_getmetatable(L, idx);
  pattern_mt = lua_topointer(L, -1);
  lua_pop(L, 1);
  return p;
}
