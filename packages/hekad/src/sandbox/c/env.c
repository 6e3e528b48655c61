/* What a script can reach: the base library minus anything that loads code or escapes, a
 * require() that serves our built-in modules and .lua files of the module directories (read
 * through the host), and read_config(). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cbuf.h"
#include "hs.h"
#include "hyperloglog.h"
#include "lauxlib.h"
#include "lualib.h"

int luaopen_lpeg(lua_State *lua);
int hs_open_cjson(lua_State *lua); /* cjson with Heka's changes */
int hs_open_re(lua_State *lua); /* re.lua from the LPeg package, compiled in */
int hs_open_field_table(lua_State *lua); /* field_table.c: for common_log_format.lua */

static const char *const base_removed[] = {
  "collectgarbage", "coroutine", "dofile", "load", "loadfile", "loadstring", "newproxy",
  "print", "module", "gcinfo", NULL
};
static const char *const os_removed[] = {
  "execute", "exit", "getenv", "remove", "rename", "setlocale", "tmpname", NULL
};
static const char *const cjson_removed[] = { "new", "encode_keep_buffer", NULL };

/* A library table with a metatable is skipped by preserve_data, like Heka's. */
static void mark_not_data(lua_State *lua)
{
  if (!lua_getmetatable(lua, -1)) {
    lua_newtable(lua);
    lua_setmetatable(lua, -2);
  } else {
    lua_pop(lua, 1);
  }
}

static void remove_fields(lua_State *lua, int index, const char *const *names)
{
  for (; *names; ++names) {
    lua_pushnil(lua);
    lua_setfield(lua, index, *names);
  }
}

/* Source only: bytecode could break the VM's invariants, so it is never loaded. */
int hs_load_chunk(lua_State *lua, const char *src, size_t len, const char *chunkname)
{
  if (len > 0 && src[0] == LUA_SIGNATURE[0]) {
    lua_pushfstring(lua, "%s: loading bytecode is not allowed", chunkname + 1);
    return 1;
  }
  return luaL_loadbuffer(lua, src, len, chunkname);
}

static const builtin builtins[] = {
  { LUA_STRLIBNAME, luaopen_string, NULL, 1 },
  { LUA_TABLIBNAME, luaopen_table, NULL, 1 },
  { LUA_MATHLIBNAME, luaopen_math, NULL, 1 },
  { LUA_OSLIBNAME, luaopen_os, os_removed, 1 },
  { "lpeg", luaopen_lpeg, NULL, 1 },
  { "cjson", hs_open_cjson, cjson_removed, 1 },
  { "re", hs_open_re, NULL, 0 },
  { "circular_buffer", hs_open_circular_buffer, NULL, 1 },
  { "hyperloglog", hs_open_hyperloglog, NULL, 1 },
  { "field_table", hs_open_field_table, NULL, 0 },
  { NULL, NULL, NULL, 0 }
};

int hs_open_builtin(lua_State *lua, const builtin *b)
{
  lua_pushcfunction(lua, b->open);
  lua_pushstring(lua, b->name);
  lua_call(lua, 1, 1);
  if (lua_istable(lua, -1)) {
    if (b->removed) remove_fields(lua, lua_gettop(lua), b->removed);
    mark_not_data(lua);
  }
  if (b->global) {
    lua_pushvalue(lua, -1);
    lua_setglobal(lua, b->name);
  }
  return 1;
}

static int valid_module_name(const char *name)
{
  if (!*name || *name == '.') return 0;
  for (const char *p = name; *p; ++p) {
    if (*p == '.' && (p[1] == '.' || p[1] == 0)) return 0;
    if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.') return 0;
  }
  return 1;
}

/* Tries <dir>/<name with . as />.lua for each module directory, in order. */
static int load_module_file(lua_State *lua, const char *name)
{
  luaL_Buffer tried;
  luaL_buffinit(lua, &tried);
  const char *dirs = hs.module_path ? hs.module_path : "";
  while (*dirs) {
    const char *end = strchr(dirs, ';');
    size_t dlen = end ? (size_t)(end - dirs) : strlen(dirs);
    if (dlen) {
      lua_pushlstring(lua, dirs, dlen);
      lua_pushliteral(lua, "/");
      lua_pushstring(lua, luaL_gsub(lua, name, ".", "/"));
      lua_remove(lua, -2);
      lua_pushliteral(lua, ".lua");
      lua_concat(lua, 4);
      size_t plen;
      const char *path = lua_tolstring(lua, -1, &plen);
      char *src = NULL;
      int n = hs_host_read_file(path, plen, &src);
      if (n >= 0) {
        lua_pushfstring(lua, "@%s", path);
        int rc = hs_load_chunk(lua, src ? src : "", (size_t)n, lua_tostring(lua, -1));
        free(src);
        if (rc) return lua_error(lua);
        lua_pushstring(lua, name);
        lua_call(lua, 1, 1);
        return 1;
      }
      lua_pushfstring(lua, "\n\tno file '%s'", path);
      lua_remove(lua, -2);
      luaL_addvalue(&tried);
    }
    if (!end) break;
    dirs = end + 1;
  }
  luaL_pushresult(&tried);
  return luaL_error(lua, "module '%s' not found:%s", name, lua_tostring(lua, -1));
}

static int require(lua_State *lua)
{
  const char *name = luaL_checkstring(lua, 1);
  lua_settop(lua, 1);
  lua_getfield(lua, LUA_REGISTRYINDEX, "hs_loaded");
  lua_getfield(lua, 2, name);
  if (!lua_isnil(lua, -1)) return 1;
  lua_pop(lua, 1);

  const builtin *b = hs_kind_builtin(name); /* io and the fuller os of inputs and outputs */
  if (!b) for (b = builtins; b->name && strcmp(b->name, name) != 0; ++b) {}
  if (b->name) {
    hs_open_builtin(lua, b);
  } else {
    if (!valid_module_name(name)) return luaL_error(lua, "invalid module name '%s'", name);
    lua_pushboolean(lua, 1); /* a dependency loop finds "true" instead of recursing */
    lua_setfield(lua, 2, name);
    load_module_file(lua, name);
    if (lua_isnil(lua, -1)) {
      lua_pop(lua, 1);
      lua_pushboolean(lua, 1);
    }
    if (lua_istable(lua, -1)) mark_not_data(lua);
  }
  lua_pushvalue(lua, -1);
  lua_setfield(lua, 2, name);
  return 1;
}

static int read_config(lua_State *lua)
{
  if (lua_gettop(lua) != 1) return luaL_error(lua, "read_config() must have a single argument");
  luaL_checkstring(lua, 1);
  lua_getfield(lua, LUA_REGISTRYINDEX, "hs_config");
  if (lua_isnil(lua, -1)) return 1;
  lua_pushvalue(lua, 1);
  lua_rawget(lua, -2);
  return 1;
}

int hs_open_env(lua_State *lua)
{
  lua_pushcfunction(lua, luaopen_base);
  lua_call(lua, 0, 0);
  remove_fields(lua, LUA_GLOBALSINDEX, base_removed);
  lua_newtable(lua);
  lua_setfield(lua, LUA_REGISTRYINDEX, "hs_loaded");
  lua_register(lua, "require", require);
  lua_register(lua, "read_config", read_config);
  hs_open_output(lua);
  hs_open_message(lua);
  hs_open_inject(lua);
  hs_open_decode(lua);
  hs_open_write(lua);
  return 0;
}

/* Encoders emit bytes: their inject_payload gives the payload, not a message around it. */
HS_EXPORT void hs_payload_only(int on) { hs.payload_only = on; }

/* Plugin kinds differ in what they offer (write_message only in decoders and encoders). */
HS_EXPORT void hs_disable(const char *name)
{
  if (!hs.lua) return;
  lua_pushnil(hs.lua);
  lua_setglobal(hs.lua, name);
}
