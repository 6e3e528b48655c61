/* circular_buffer: the object, time → row mapping (advancing the window), cell methods,
 * headers, deltas and the module table. Argument checks use Heka's wording and positions. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cbuf.h"
#include "lauxlib.h"

#define MAX_SECONDS_PER_ROW 86400

const char *const hs_cbuf_aggregations[] = { "sum", "min", "max", "none", NULL };

static int64_t floor_div(int64_t a, int64_t b)
{
  int64_t q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) --q;
  return q;
}

static void clear_rows(hs_cbuf *cb, int64_t n)
{
  if (n > cb->rows) n = cb->rows;
  unsigned row = cb->current_row;
  for (int64_t i = 0; i < n; ++i) {
    row = (row + 1) % cb->rows;
    double *v = cb->values + (size_t)row * cb->columns;
    for (unsigned c = 0; c < cb->columns; ++c) v[c] = NAN;
  }
}

static int new_buffer(lua_State *lua)
{
  int n = lua_gettop(lua);
  luaL_argcheck(lua, n >= 3 && n <= 4, 0, "incorrect number of arguments");
  int rows = luaL_checkint(lua, 1);
  luaL_argcheck(lua, rows > 1, 1, "rows must be > 1");
  int columns = luaL_checkint(lua, 2);
  luaL_argcheck(lua, columns > 0, 2, "columns must be > 0");
  int spr = luaL_checkint(lua, 3);
  luaL_argcheck(lua, spr > 0 && spr <= MAX_SECONDS_PER_ROW, 3, "seconds_per_row is out of range");
  int delta = n == 4 && lua_toboolean(lua, 4);

  double cells = (double)rows * (double)columns;
  if (cells * sizeof(double) > 1e9) {
    return luaL_error(lua, "circular_buffer.new(): %d rows x %d columns is too large", rows, columns);
  }
  size_t bytes = sizeof(hs_cbuf) + (size_t)cells * sizeof(double)
    + (size_t)columns * sizeof(hs_cbuf_column);
  hs_cbuf *cb = lua_newuserdata(lua, bytes);
  memset(cb, 0, sizeof *cb);
  cb->rows = (unsigned)rows;
  cb->columns = (unsigned)columns;
  cb->seconds_per_row = (unsigned)spr;
  cb->current_row = cb->rows - 1;
  cb->current_time = (int64_t)spr * (rows - 1);
  cb->delta = delta;
  cb->format = CBUF_FORMAT_CBUF;
  cb->values = (double *)(cb + 1); /* sizeof(hs_cbuf) keeps doubles aligned */
  cb->headers = (hs_cbuf_column *)(cb->values + (size_t)cells);
  for (unsigned c = 0; c < cb->columns; ++c) {
    hs_cbuf_column *h = &cb->headers[c];
    snprintf(h->name, sizeof h->name, "Column_%u", c + 1);
    strcpy(h->unit, "count");
    h->aggregation = CBUF_SUM;
  }
  clear_rows(cb, rows);
  luaL_getmetatable(lua, HS_CBUF_METATABLE);
  lua_setmetatable(lua, -2);
  if (delta) { /* the deltas table, see cbuf.h */
    lua_newtable(lua);
    lua_setfenv(lua, -2);
  }
  return 1;
}

hs_cbuf *hs_cbuf_test(lua_State *lua, int index)
{
  void *p = lua_touserdata(lua, index);
  if (!p || !lua_getmetatable(lua, index)) return NULL;
  luaL_getmetatable(lua, HS_CBUF_METATABLE);
  int same = lua_rawequal(lua, -1, -2);
  lua_pop(lua, 2);
  return same ? p : NULL;
}

hs_cbuf *hs_cbuf_check(lua_State *lua, int min_args)
{
  hs_cbuf *cb = luaL_checkudata(lua, 1, HS_CBUF_METATABLE);
  luaL_argcheck(lua, min_args <= lua_gettop(lua), 0, "incorrect number of arguments");
  return cb;
}

int hs_cbuf_column_arg(lua_State *lua, hs_cbuf *cb, int arg)
{
  int col = luaL_checkint(lua, arg);
  luaL_argcheck(lua, col >= 1 && (unsigned)col <= cb->columns, arg, "column out of range");
  return col - 1;
}

int64_t hs_cbuf_start_time(const hs_cbuf *cb)
{
  return cb->current_time - (int64_t)cb->seconds_per_row * (cb->rows - 1);
}

/* The start of the row holding ns, in seconds; 0 with *ok = 0 for NaN or absurd times. */
static int64_t row_start(const hs_cbuf *cb, double ns, int *ok)
{
  double secs = floor(ns / 1e9);
  *ok = secs > -9e15 && secs < 9e15;
  if (!*ok) return 0;
  return floor_div((int64_t)secs, cb->seconds_per_row) * cb->seconds_per_row;
}

int hs_cbuf_row(hs_cbuf *cb, double ns, int advance)
{
  int ok;
  int64_t t = row_start(cb, ns, &ok);
  if (!ok) return -1;
  int64_t requested = t / cb->seconds_per_row;
  int64_t shift = requested - floor_div(cb->current_time, cb->seconds_per_row);
  int64_t row = requested % cb->rows;
  if (row < 0) row += cb->rows;
  if (shift > 0) {
    if (!advance) return -1; /* the future */
    clear_rows(cb, shift);
    cb->current_time = t;
    cb->current_row = (unsigned)row;
    return (int)row;
  }
  if (-shift >= cb->rows) return -1; /* fell out of the window */
  return (int)row;
}

void hs_cbuf_put_delta(lua_State *lua, int index, hs_cbuf *cb, int64_t t, unsigned col, double v,
                       int accumulate)
{
  if (index < 0) index = lua_gettop(lua) + index + 1;
  lua_getfenv(lua, index);
  lua_pushnumber(lua, (double)t);
  lua_rawget(lua, -2);
  if (!lua_istable(lua, -1)) {
    lua_pop(lua, 1);
    lua_createtable(lua, (int)cb->columns, 0);
    lua_pushnumber(lua, (double)t);
    lua_pushvalue(lua, -2);
    lua_rawset(lua, -4);
  }
  if (accumulate) {
    lua_rawgeti(lua, -1, (int)col + 1);
    if (lua_isnumber(lua, -1)) v += lua_tonumber(lua, -1);
    lua_pop(lua, 1);
  }
  lua_pushnumber(lua, v);
  lua_rawseti(lua, -2, (int)col + 1);
  lua_pop(lua, 2);
  cb->has_deltas = 1;
}

void hs_cbuf_clear_deltas(lua_State *lua, int index, hs_cbuf *cb)
{
  if (index < 0) index = lua_gettop(lua) + index + 1;
  lua_newtable(lua);
  lua_setfenv(lua, index);
  cb->has_deltas = 0;
}

/* Arguments of add/set/get: (self, ns, column[, value]); the cell, or NULL outside the window. */
static double *cell(lua_State *lua, hs_cbuf **out, int with_value, int advance, int64_t *t)
{
  hs_cbuf *cb = hs_cbuf_check(lua, with_value ? 4 : 3);
  double ns = luaL_checknumber(lua, 2);
  int col = hs_cbuf_column_arg(lua, cb, 3);
  if (with_value) luaL_checknumber(lua, 4);
  *out = cb;
  int ok;
  *t = row_start(cb, ns, &ok);
  int row = hs_cbuf_row(cb, ns, advance);
  if (row < 0) return NULL;
  return cb->values + (size_t)row * cb->columns + col;
}

/* For sum columns a delta is the change; for the others, the cell's value. */
static void record(lua_State *lua, hs_cbuf *cb, int64_t t, double change, double value)
{
  int col = luaL_checkint(lua, 3) - 1;
  if (cb->headers[col].aggregation == CBUF_SUM) {
    hs_cbuf_put_delta(lua, 1, cb, t, (unsigned)col, change, 1);
  } else {
    hs_cbuf_put_delta(lua, 1, cb, t, (unsigned)col, value, 0);
  }
}

static int add(lua_State *lua)
{
  hs_cbuf *cb;
  int64_t t;
  double *c = cell(lua, &cb, 1, 1, &t);
  if (!c) {
    lua_pushnil(lua);
    return 1;
  }
  double v = lua_tonumber(lua, 4);
  *c = isnan(*c) ? v : *c + v;
  if (cb->delta && v != 0) record(lua, cb, t, v, *c);
  lua_pushnumber(lua, *c);
  return 1;
}

static int set(lua_State *lua)
{
  hs_cbuf *cb;
  int64_t t;
  double *c = cell(lua, &cb, 1, 1, &t);
  if (!c) {
    lua_pushnil(lua);
    return 1;
  }
  double v = lua_tonumber(lua, 4), old = *c;
  int aggregation = cb->headers[luaL_checkint(lua, 3) - 1].aggregation;
  int write = (aggregation == CBUF_MIN) ? (isnan(old) || v < old)
            : (aggregation == CBUF_MAX) ? (isnan(old) || v > old)
            : 1;
  if (write) {
    *c = v;
    if (cb->delta) record(lua, cb, t, isnan(old) ? v : v - old, v);
  }
  lua_pushnumber(lua, *c);
  return 1;
}

static int get(lua_State *lua)
{
  hs_cbuf *cb;
  int64_t t;
  double *c = cell(lua, &cb, 0, 0, &t);
  if (c) {
    lua_pushnumber(lua, *c);
  } else {
    lua_pushnil(lua);
  }
  return 1;
}

static int get_configuration(lua_State *lua)
{
  hs_cbuf *cb = hs_cbuf_check(lua, 1);
  lua_pushnumber(lua, cb->rows);
  lua_pushnumber(lua, cb->columns);
  lua_pushnumber(lua, cb->seconds_per_row);
  return 3;
}

/* Copies at most size-1 bytes, turning every byte `keep` refuses into "_". */
static void copy_label(char *to, size_t size, const char *from, int (*keep)(int))
{
  size_t i = 0;
  for (; i + 1 < size && from[i]; ++i) to[i] = keep((unsigned char)from[i]) ? from[i] : '_';
  to[i] = 0;
}

static int name_char(int c) { return c < 128 && isalnum(c); }
static int unit_char(int c) { return name_char(c) || c == '/' || c == '*'; }

static int set_header(lua_State *lua)
{
  hs_cbuf *cb = hs_cbuf_check(lua, 3);
  int col = hs_cbuf_column_arg(lua, cb, 2);
  const char *name = luaL_checkstring(lua, 3);
  const char *unit = luaL_optstring(lua, 4, "count");
  int aggregation = luaL_checkoption(lua, 5, "sum", hs_cbuf_aggregations);
  hs_cbuf_column *h = &cb->headers[col];
  copy_label(h->name, sizeof h->name, name, name_char);
  copy_label(h->unit, sizeof h->unit, unit, unit_char);
  h->aggregation = aggregation;
  lua_pushinteger(lua, col + 1);
  return 1;
}

static int get_header(lua_State *lua)
{
  hs_cbuf *cb = hs_cbuf_check(lua, 2);
  hs_cbuf_column *h = &cb->headers[hs_cbuf_column_arg(lua, cb, 2)];
  lua_pushstring(lua, h->name);
  lua_pushstring(lua, h->unit);
  lua_pushstring(lua, hs_cbuf_aggregations[h->aggregation]);
  return 3;
}

static int current_time(lua_State *lua)
{
  hs_cbuf *cb = hs_cbuf_check(lua, 0);
  lua_pushnumber(lua, (double)cb->current_time * 1e9);
  return 1;
}

static const luaL_Reg methods[] = {
  { "add", add },
  { "set", set },
  { "get", get },
  { "get_configuration", get_configuration },
  { "set_header", set_header },
  { "get_header", get_header },
  { "compute", hs_cbuf_compute },
  { "mannwhitneyu", hs_cbuf_mannwhitneyu },
  { "current_time", current_time },
  { "format", hs_cbuf_format },
  { "fromstring", hs_cbuf_fromstring },
  { NULL, NULL }
};

int hs_open_circular_buffer(lua_State *lua)
{
  luaL_newmetatable(lua, HS_CBUF_METATABLE);
  lua_pushvalue(lua, -1);
  lua_setfield(lua, -2, "__index");
  luaL_register(lua, NULL, methods);
  lua_pop(lua, 1);
  lua_newtable(lua);
  lua_pushcfunction(lua, new_buffer);
  lua_setfield(lua, -2, "new");
  return 1;
}
