/* The output buffer behind add_to_payload/inject_payload, capped at output_limit, and Heka's
 * number formatting for it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbuf.h"
#include "hs.h"
#include "hyperloglog.h"
#include "lauxlib.h"

static void note_output(size_t pos)
{
  hs.usage[HS_OUTPUT][HS_CURRENT] = pos;
  if (pos > hs.usage[HS_OUTPUT][HS_MAXIMUM]) hs.usage[HS_OUTPUT][HS_MAXIMUM] = pos;
}

/* Non-zero when the buffer would pass output_limit (the only buffer the limit applies to). */
int hs_buffer_reserve(hs_buffer *b, size_t needed)
{
  size_t want = b->pos + needed;
  size_t limit = hs.usage[HS_OUTPUT][HS_LIMIT];
  if (b == &hs.output && limit && want > limit) return 1;
  if (want <= b->size) return 0;
  size_t size = b->size ? b->size : 1024;
  while (size < want) size *= 2;
  if (b == &hs.output && limit && size > limit) size = limit;
  char *p = realloc(b->data, size);
  if (!p) return 1;
  b->data = p;
  b->size = size;
  return 0;
}

int hs_buffer_append(hs_buffer *b, const char *s, size_t len)
{
  if (hs_buffer_reserve(b, len)) return 1;
  memcpy(b->data + b->pos, s, len);
  b->pos += len;
  if (b == &hs.output) note_output(b->pos);
  return 0;
}

/* Integers plainly, fractions with up to 8 digits (zeros trimmed), big values with %0.17g. */
int hs_append_number(hs_buffer *b, double d)
{
  char s[64];
  int n;
  if (isnan(d)) return hs_buffer_append(b, "nan", 3);
  if (isinf(d)) return d > 0 ? hs_buffer_append(b, "inf", 3) : hs_buffer_append(b, "-inf", 4);
  if (fabs(d) > 2147483647.0) {
    n = snprintf(s, sizeof s, "%0.17g", d);
  } else if (d == (double)(int)d) {
    n = snprintf(s, sizeof s, "%d", (int)d);
  } else {
    n = snprintf(s, sizeof s, "%.8f", d);
    while (n > 0 && s[n - 1] == '0') --n;
    if (n > 0 && s[n - 1] == '.') --n;
    if (n == 2 && s[0] == '-' && s[1] == '0') { s[0] = '0'; n = 1; } /* -0.000000001 */
  }
  return hs_buffer_append(b, s, (size_t)n);
}

/* Appends one Lua value as add_to_payload does; raises the Lua error itself. */
int hs_append_value(lua_State *lua, hs_buffer *b, int index)
{
  int rc = 0;
  size_t len;
  const char *s;
  switch (lua_type(lua, index)) {
  case LUA_TNUMBER: rc = hs_append_number(b, lua_tonumber(lua, index)); break;
  case LUA_TSTRING:
    s = lua_tolstring(lua, index, &len);
    rc = hs_buffer_append(b, s, len);
    break;
  case LUA_TNIL: rc = hs_buffer_append(b, "nil", 3); break;
  case LUA_TBOOLEAN:
    rc = lua_toboolean(lua, index) ? hs_buffer_append(b, "true", 4)
                                   : hs_buffer_append(b, "false", 5);
    break;
  case LUA_TUSERDATA:
    if (hs_cbuf_test(lua, index)) { /* its cbuf or cbufd text */
      rc = hs_cbuf_output(lua, index, b);
      break;
    }
    const hs_hll *hll = hs_hll_test(lua, index);
    if (hll) { /* its raw bytes */
      rc = hs_hll_output(hll, b);
      break;
    }
    return luaL_argerror(lua, index, "unsupported type");
  default:
    return luaL_argerror(lua, index, "unsupported type");
  }
  if (rc) return luaL_error(lua, "output_limit exceeded");
  return 0;
}

static int add_to_payload(lua_State *lua)
{
  int n = lua_gettop(lua);
  if (n == 0) return luaL_argerror(lua, 0, "must have at least one argument");
  for (int i = 1; i <= n; ++i) hs_append_value(lua, &hs.output, i);
  return 0;
}

void hs_open_output(lua_State *lua)
{
  lua_register(lua, "add_to_payload", add_to_payload);
}
