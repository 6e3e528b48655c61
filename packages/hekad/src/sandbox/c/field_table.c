/* The `field_table` module (ours, for common_log_format.lua): builder(keys, args, kinds, reps)
 * returns a C function that makes a log line's field table from an LPeg function capture's
 * values in one go: the table is sized for its keys once, and {value = v, representation = r}
 * values are made without calling Lua. lpeg.Ct instead grows its table four times for eight
 * keys, and a Lua function per represented value costs a call.
 *
 * Keys are set in the order given: the caller picks the order that lays the table out as
 * lpeg.Ct would have, so iterating it (inject_message does) gives the fields in the same order.
 *
 * injector(keys, args, kinds, reps, time, type, payload) goes one step further for the access log
 * decoders: from the capture's values it writes the message inject_message would write of
 * {Type = type, Timestamp = <value time>, Payload = <value payload>, Fields = <the field table>}
 * (keys in the table's iteration order, `time` left out) and injects it, with no table made. */
#include <string.h>
#include <time.h>

#include "hs.h"
#include "inject.h"
#include "lauxlib.h"
#include "pb.h"
#include "pbw.h"

/* A field's value from the capture's values: the value itself, {value, representation = a fixed
 * string}, {value, representation = the next value}; injector only: the text of the line
 * (value 1) between two positions, alone or with the representation after them; the number
 * those positions enclose (decimal digits: tonumber of the text), alone or with a fixed
 * representation. */
enum { KIND_VALUE = 0, KIND_REP = 1, KIND_REP_ARG = 2, KIND_SPAN = 3, KIND_SPAN_REP_ARG = 4,
       KIND_DIGITS = 5, KIND_DIGITS_REP = 6 };

typedef struct {
  int count;
  int time_arg, payload_arg; /* injector: values giving Timestamp and Payload (0: none) */
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

/* The Field items of the values, in the plan's order; 0 or inject.c's error codes. Upvalues
 * 1..keys are inject_message's key strings; `strings` holds the keys and representations. */
/* The text of the line (value 1) between the positions at arg and arg + 1 (from 1, the end
 * excluded); sets *len. */
static const char *span(lua_State *lua, int arg, int top, size_t *len)
{
  size_t line_len;
  const char *line = lua_tolstring(lua, 1, &line_len);
  lua_Integer start = arg + 1 <= top ? lua_tointeger(lua, arg) : 0;
  lua_Integer end = arg + 1 <= top ? lua_tointeger(lua, arg + 1) : 0;
  if (!line || start < 1 || end < start || (size_t)end > line_len + 1) {
    luaL_error(lua, "injector: value %d is not a span of the line", arg);
  }
  *len = (size_t)(end - start);
  return line + start - 1;
}

/* The text between the positions, with the representation at arg + 2 for KIND_SPAN_REP_ARG. */
static int encode_span(lua_State *lua, hs_buffer *b, int arg, int kind, int top)
{
  size_t len;
  const char *s = span(lua, arg, top, &len);
  const char *rep = NULL;
  if (kind == KIND_SPAN_REP_ARG && arg + 2 <= top && lua_isstring(lua, arg + 2)) rep = lua_tostring(lua, arg + 2);
  return hs_encode_string(b, rep, s, len);
}

/* Pushes tonumber of the digits between the positions: up to 15 digits are a whole number a
 * double holds exactly, as strtod gives it; longer ones go through Lua's conversion. */
static void push_digits(lua_State *lua, int arg, int top)
{
  size_t len;
  const char *s = span(lua, arg, top, &len);
  if (len < 1) luaL_error(lua, "injector: value %d encloses no digits", arg);
  for (size_t i = 0; i < len; ++i) {
    if (s[i] < '0' || s[i] > '9') luaL_error(lua, "injector: value %d encloses more than digits", arg);
  }
  if (len > 15) {
    lua_pushlstring(lua, s, len);
    lua_Number d = lua_tonumber(lua, -1);
    lua_pop(lua, 1);
    lua_pushnumber(lua, d);
    return;
  }
  double v = 0;
  for (size_t i = 0; i < len; ++i) v = v * 10 + (s[i] - '0');
  lua_pushnumber(lua, v);
}

static int encode_fields(lua_State *lua, hs_buffer *b, const plan *p, int strings, int top)
{
  for (int i = 0; i < p->count; ++i) {
    int arg = p->entry[i].arg;
    size_t len, mark;
    lua_rawgeti(lua, strings, i + 1);
    const char *name = lua_tolstring(lua, -1, &len);
    int rc = pbw_open(b, MSG_FIELDS, &mark) || pbw_bytes(b, FIELD_NAME, name, len) ? HS_INJECT_FULL : 0;
    lua_pop(lua, 1);
    if (rc) return rc;
    if (p->entry[i].kind == KIND_SPAN || p->entry[i].kind == KIND_SPAN_REP_ARG) {
      rc = encode_span(lua, b, arg, p->entry[i].kind, top);
      if (rc) return rc;
      if (pbw_close(b, mark)) return HS_INJECT_FULL;
      continue;
    }
    if (p->entry[i].kind >= KIND_DIGITS) {
      const char *rep = NULL;
      if (p->entry[i].kind == KIND_DIGITS_REP) {
        lua_rawgeti(lua, strings, p->count + i + 1);
        rep = lua_tostring(lua, -1);
      }
      push_digits(lua, arg, top);
      rc = hs_encode_value(lua, b, rep, -1);
      lua_pop(lua, p->entry[i].kind == KIND_DIGITS_REP ? 2 : 1);
      if (rc) return rc;
      if (pbw_close(b, mark)) return HS_INJECT_FULL;
      continue;
    }
    const char *rep = NULL;
    if (p->entry[i].kind == KIND_REP) {
      lua_rawgeti(lua, strings, p->count + i + 1);
      rep = lua_tostring(lua, -1);
    } else if (p->entry[i].kind == KIND_REP_ARG) {
      if (arg + 1 <= top) lua_pushvalue(lua, arg + 1); else lua_pushnil(lua);
      rep = lua_isstring(lua, -1) ? lua_tostring(lua, -1) : NULL;
    }
    if (arg <= top) lua_pushvalue(lua, arg); else lua_pushnil(lua);
    rc = hs_encode_value(lua, b, rep, -1);
    lua_pop(lua, p->entry[i].kind == KIND_VALUE ? 1 : 2);
    if (rc) return rc;
    if (pbw_close(b, mark)) return HS_INJECT_FULL;
  }
  return 0;
}

/* The headers of the message, as inject.c's encode_table writes them of a table holding Type,
 * Timestamp and Payload only; gaps notes the inheritable ones left out. */
static int encode_headers(lua_State *lua, hs_buffer *b, const plan *p, int type, int top, hs_gaps *gaps)
{
  b->pos = 0;
  if (pbw_random_uuid(b)) return HS_INJECT_FULL;
  int t = p->time_arg;
  double ts = t && t <= top && lua_isnumber(lua, t) ? lua_tonumber(lua, t) : (double)time(NULL) * 1e9;
  if (pbw_tag(b, MSG_TIMESTAMP, 0) || pbw_varint(b, (uint64_t)(int64_t)ts)) return HS_INJECT_FULL;
  gaps->missing = 0;
  for (unsigned tag = MSG_TYPE; tag <= MSG_HOSTNAME; ++tag) {
    int index = tag == MSG_TYPE ? type : tag == MSG_PAYLOAD && p->payload_arg <= top ? p->payload_arg : 0;
    size_t pos = b->pos;
    if (index && lua_isstring(lua, index)) {
      size_t len;
      const char *s = lua_tolstring(lua, index, &len);
      if (pbw_bytes(b, tag, s, len)) return HS_INJECT_FULL;
    }
    if (b->pos == pos && hs_inheritable(tag)) {
      gaps->missing |= 1u << tag;
      gaps->at[tag] = pos;
    }
  }
  return 0;
}

/* upvalues: inject_message's keys, then the plan, the strings and the Type value */
static int inject(lua_State *lua)
{
  int keys = HS_INJECT_KEY_COUNT;
  const plan *p = lua_touserdata(lua, lua_upvalueindex(keys + 1));
  int top = lua_gettop(lua);
  lua_pushvalue(lua, lua_upvalueindex(keys + 3)); /* lua_tolstring may turn a number into a string */
  int type = top + 1;
  hs_gaps gaps;
  int rc = encode_headers(lua, &hs.output, p, type, top, &gaps);
  if (!rc) rc = encode_fields(lua, &hs.output, p, lua_upvalueindex(keys + 2), top);
  hs_inject_encoded(lua, 2, rc, &gaps); /* errors name the line that called lpeg's match */
  lua_pushboolean(lua, 1);
  return 1;
}

/* The plan of builder's and injector's first four arguments (see builder), and their strings
 * table, pushed. */
static plan *new_plan(lua_State *lua, int last_kind)
{
  for (int i = 1; i <= 4; ++i) luaL_checktype(lua, i, LUA_TTABLE);
  int n = (int)lua_objlen(lua, 1);
  if (n < 1) return luaL_argerror(lua, 1, "no keys"), NULL;
  plan *p = lua_newuserdata(lua, sizeof(plan) + (size_t)n * sizeof p->entry[0]);
  p->count = n;
  p->time_arg = p->payload_arg = 0;
  lua_createtable(lua, 2 * n, 0);
  int strings = lua_gettop(lua);
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(lua, 1, i);
    if (lua_type(lua, -1) != LUA_TSTRING) return luaL_error(lua, "builder: key %d is not a string", i), NULL;
    lua_rawseti(lua, strings, i);
    lua_rawgeti(lua, 2, i);
    lua_rawgeti(lua, 3, i);
    p->entry[i - 1].arg = (int)luaL_checkinteger(lua, -2);
    p->entry[i - 1].kind = (int)luaL_checkinteger(lua, -1);
    lua_pop(lua, 2);
    if (p->entry[i - 1].arg < 1 || p->entry[i - 1].kind < KIND_VALUE
        || p->entry[i - 1].kind > last_kind) {
      return luaL_error(lua, "builder: entry %d has an invalid argument index or kind", i), NULL;
    }
    lua_rawgeti(lua, 4, i);
    int fixed_rep = p->entry[i - 1].kind == KIND_REP || p->entry[i - 1].kind == KIND_DIGITS_REP;
    if (fixed_rep && lua_type(lua, -1) != LUA_TSTRING) {
      return luaL_error(lua, "builder: entry %d has no representation", i), NULL;
    }
    lua_rawseti(lua, strings, n + i);
  }
  return p;
}

/* builder(keys, args, kinds, reps): four arrays of the same length: the field name, the index
 * of its (first) value among the capture's values, 0 (the value) / 1 ({value, representation =
 * reps[i]}) / 2 ({value, representation = the next value}), and reps[i] (a string or false). */
static int builder(lua_State *lua)
{
  lua_settop(lua, 4);
  new_plan(lua, KIND_REP_ARG);
  lua_pushliteral(lua, "value");
  lua_pushliteral(lua, "representation");
  lua_pushcclosure(lua, build, 4);
  return 1;
}

/* injector(keys, args, kinds, reps, time, type, payload): keys in the field table's iteration
 * order; time and payload: the index of the value giving Timestamp / Payload, or 0; type: the
 * Type header (a string, or anything else for none). Value 1 must be the line for spans. */
static int injector(lua_State *lua)
{
  lua_settop(lua, 7);
  int time_arg = (int)luaL_checkinteger(lua, 5), payload_arg = (int)luaL_checkinteger(lua, 7);
  if (time_arg < 0 || payload_arg < 0) return luaL_error(lua, "injector: negative value index");
  int keys = hs_push_inject_keys(lua);
  plan *p = new_plan(lua, KIND_DIGITS_REP);
  p->time_arg = time_arg;
  p->payload_arg = payload_arg;
  lua_pushvalue(lua, 6);
  lua_pushcclosure(lua, inject, keys + 3);
  return 1;
}

int hs_open_field_table(lua_State *lua)
{
  lua_createtable(lua, 0, 2);
  lua_pushcfunction(lua, builder);
  lua_setfield(lua, -2, "builder");
  lua_pushcfunction(lua, injector);
  lua_setfield(lua, -2, "injector");
  return 1;
}
