/* preserve_data: the script's global data written as Lua source (Heka's .data format) and run
 * again at the next start. Limits are lifted while saving and restoring, as in Heka. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbuf.h"
#include "hs.h"
#include "hyperloglog.h"
#include "lauxlib.h"

#define SEEN 1 /* stack index of the table → path map, inside save() */

static int put(hs_buffer *b, const char *s, size_t len)
{
  return hs_buffer_append(b, s, len);
}

static int puts_(hs_buffer *b, const char *s) { return put(b, s, strlen(s)); }

static int put_quoted(hs_buffer *b, const char *s, size_t len)
{
  if (put(b, "\"", 1)) return 1;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)s[i];
    char esc[8];
    int rc;
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      rc = put(b, esc, 2);
    } else if (c == '\n') {
      rc = put(b, "\\n", 2);
    } else if (c == '\r') {
      rc = put(b, "\\r", 2);
    } else if (c < 32 || c == 127) {
      rc = put(b, esc, (size_t)snprintf(esc, sizeof esc, "\\%03d", c));
    } else {
      rc = put(b, (const char *)&c, 1);
    }
    if (rc) return 1;
  }
  return put(b, "\"", 1);
}

static int put_number(hs_buffer *b, double d)
{
  char s[32];
  if (isnan(d)) return puts_(b, "0/0");
  if (isinf(d)) return puts_(b, d > 0 ? "1/0" : "-1/0");
  return put(b, s, (size_t)snprintf(s, sizeof s, "%.17g", d));
}

/* Whether a value is data: functions, userdata and library tables (with a metatable) are not. */
static int is_data(lua_State *lua, int index)
{
  switch (lua_type(lua, index)) {
  case LUA_TNUMBER:
  case LUA_TSTRING:
  case LUA_TBOOLEAN: return 1;
  case LUA_TTABLE:
    if (!lua_getmetatable(lua, index)) return 1;
    lua_pop(lua, 1);
    return 0;
  case LUA_TUSERDATA: /* these write their own source */
    return hs_cbuf_test(lua, index) != NULL || hs_hll_test(lua, index) != NULL;
  default: return 0;
  }
}

/* A circular buffer or hyperloglog seen before becomes an alias; else the Lua that rebuilds it. The value is
 * just below the entry path at the top of the stack. */
static int save_cbuf(lua_State *lua, hs_buffer *b, int entry)
{
  size_t plen, alen;
  const char *p = lua_tolstring(lua, entry, &plen);
  lua_pushvalue(lua, entry - 1);
  lua_rawget(lua, SEEN);
  if (lua_isstring(lua, -1)) {
    const char *a = lua_tolstring(lua, -1, &alen);
    int rc = put(b, p, plen) || puts_(b, " = ") || put(b, a, alen) || puts_(b, "\n");
    lua_pop(lua, 1);
    return rc;
  }
  lua_pop(lua, 1);
  lua_pushvalue(lua, entry - 1);
  lua_pushvalue(lua, entry);
  lua_rawset(lua, SEEN);
  hs_hll *h = hs_hll_test(lua, entry - 1);
  return h ? hs_hll_preserve(h, b, p, plen) : hs_cbuf_preserve(lua, entry - 1, b, p, plen);
}

static int put_scalar(lua_State *lua, hs_buffer *b, int index)
{
  size_t len;
  const char *s;
  switch (lua_type(lua, index)) {
  case LUA_TNUMBER: return put_number(b, lua_tonumber(lua, index));
  case LUA_TSTRING:
    s = lua_tolstring(lua, index, &len);
    return put_quoted(b, s, len);
  default: return puts_(b, lua_toboolean(lua, index) ? "true" : "false");
  }
}

/* Writes `<path>[key] = value` lines for the table at the top of the stack; path is on the
 * stack just below it. */
static int save_table(lua_State *lua, hs_buffer *b)
{
  int t = lua_gettop(lua), path = t - 1;
  lua_pushnil(lua);
  while (lua_next(lua, t)) {
    int kt = lua_type(lua, -2);
    if ((kt != LUA_TSTRING && kt != LUA_TNUMBER) || !is_data(lua, -1)) {
      lua_pop(lua, 1);
      continue;
    }
    if (t == 3 && kt == LUA_TSTRING) { /* t == 3: _G itself (see save); skip what is not data */
      const char *k = lua_tostring(lua, -2);
      if (strcmp(k, "_G") == 0 || strcmp(k, "_PRESERVATION_VERSION") == 0) {
        lua_pop(lua, 1);
        continue;
      }
    }
    /* this entry's path: <path>[<key>] */
    lua_pushvalue(lua, path);
    lua_pushliteral(lua, "[");
    if (kt == LUA_TSTRING) {
      size_t len;
      const char *k = lua_tolstring(lua, -4, &len);
      hs_buffer q = { 0 };
      if (put_quoted(&q, k, len)) return 1;
      lua_pushlstring(lua, q.data, q.pos);
      free(q.data);
    } else {
      char num[32];
      snprintf(num, sizeof num, "%.17g", lua_tonumber(lua, -4));
      lua_pushstring(lua, num);
    }
    lua_pushliteral(lua, "]");
    lua_concat(lua, 4);
    int entry = lua_gettop(lua); /* key, value, entry path */
    if (lua_type(lua, entry - 1) == LUA_TUSERDATA) {
      if (save_cbuf(lua, b, entry)) return 1;
      lua_pop(lua, 2);
      continue;
    }
    size_t plen;
    const char *p = lua_tolstring(lua, entry, &plen);
    if (put(b, p, plen) || puts_(b, " = ")) return 1;
    if (lua_type(lua, entry - 1) == LUA_TTABLE) {
      lua_pushvalue(lua, entry - 1);
      lua_rawget(lua, SEEN);
      if (lua_isstring(lua, -1)) { /* a table seen before: an alias keeps the sharing */
        size_t alen;
        const char *a = lua_tolstring(lua, -1, &alen);
        if (put(b, a, alen) || puts_(b, "\n")) return 1;
        lua_pop(lua, 3);
        continue;
      }
      lua_pop(lua, 1);
      lua_pushvalue(lua, entry - 1);
      lua_pushvalue(lua, entry);
      lua_rawset(lua, SEEN);
      if (puts_(b, "{}\n")) return 1;
      lua_pushvalue(lua, entry - 1);
      if (save_table(lua, b)) return 1; /* pops the copy */
      lua_pop(lua, 2);
      continue;
    }
    if (put_scalar(lua, b, entry - 1) || puts_(b, "\n")) return 1;
    lua_pop(lua, 2);
  }
  lua_pop(lua, 1);
  return 0;
}

static int save(lua_State *lua)
{
  hs_buffer *b = lua_touserdata(lua, 1);
  lua_settop(lua, 0);
  lua_newtable(lua); /* SEEN */
  lua_getglobal(lua, "_PRESERVATION_VERSION");
  int version = lua_isnumber(lua, -1) ? (int)lua_tonumber(lua, -1) : 0;
  lua_pop(lua, 1);
  char head[128];
  int n = snprintf(head, sizeof head,
                   "if _PRESERVATION_VERSION and _PRESERVATION_VERSION ~= %d then return end\n", version);
  if (put(b, head, (size_t)n)) return luaL_error(lua, "preserve_data: out of memory");
  lua_pushliteral(lua, "_G");
  lua_pushvalue(lua, LUA_GLOBALSINDEX);
  lua_pushvalue(lua, LUA_GLOBALSINDEX);
  lua_pushliteral(lua, "_G");
  lua_rawset(lua, SEEN);
  if (save_table(lua, b)) return luaL_error(lua, "preserve_data: out of memory");
  return 0;
}

/* Writes the globals into the scratch buffer; returns its length or -1 (error in hs_error). */
HS_EXPORT int hs_preserve(void)
{
  if (!hs.lua) return -1;
  size_t mem = hs.usage[HS_MEMORY][HS_LIMIT];
  hs.usage[HS_MEMORY][HS_LIMIT] = 0;
  lua_sethook(hs.lua, NULL, 0, 0);
  hs.scratch.pos = 0;
  lua_pushcfunction(hs.lua, save);
  lua_pushlightuserdata(hs.lua, &hs.scratch);
  int rc = lua_pcall(hs.lua, 1, 0, 0);
  hs.usage[HS_MEMORY][HS_LIMIT] = mem;
  if (rc) {
    hs_set_error("preserve_data: %s", lua_tostring(hs.lua, -1));
    lua_pop(hs.lua, 1);
    return -1;
  }
  return (int)hs.scratch.pos;
}

HS_EXPORT const char *hs_scratch(void) { return hs.scratch.data; }

/* Runs a .data file's source after the script loaded: its globals come back. */
HS_EXPORT int hs_restore(const char *src, size_t len, const char *chunkname)
{
  if (hs.state != HS_RUNNING || !hs.lua) return 1;
  size_t mem = hs.usage[HS_MEMORY][HS_LIMIT];
  hs.usage[HS_MEMORY][HS_LIMIT] = 0;
  lua_sethook(hs.lua, NULL, 0, 0);
  int rc = hs_load_chunk(hs.lua, src, len, chunkname) || lua_pcall(hs.lua, 0, 0, 0);
  hs.usage[HS_MEMORY][HS_LIMIT] = mem;
  if (rc) {
    hs_terminate("restoring preserved data: %s", lua_tostring(hs.lua, -1));
    return 1;
  }
  return 0;
}
