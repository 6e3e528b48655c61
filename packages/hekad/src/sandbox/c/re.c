/* `re` from the LPeg package is Lua source; the build compiles it into re_lua.h. */
#include "hs.h"
#include "lauxlib.h"
#include "re_lua.h"

int hs_open_re(lua_State *lua)
{
  if (luaL_loadbuffer(lua, (const char *)re_lua, sizeof re_lua, "=re.lua")) return lua_error(lua);
  lua_pushliteral(lua, "re");
  lua_call(lua, 1, 1);
  return 1;
}
