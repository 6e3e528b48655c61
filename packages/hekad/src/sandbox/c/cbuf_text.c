/* circular_buffer as text: the cbuf and cbufd payload formats, the preserve_data source that
 * rebuilds a buffer (new, set_header, fromstring), and fromstring itself. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbuf.h"
#include "lauxlib.h"

static int puts_(hs_buffer *b, const char *s) { return hs_buffer_append(b, s, strlen(s)); }

static int header(hs_buffer *b, const hs_cbuf *cb)
{
  char s[192];
  snprintf(s, sizeof s,
           "{\"time\":%lld,\"rows\":%u,\"columns\":%u,\"seconds_per_row\":%u,\"column_info\":[",
           (long long)hs_cbuf_start_time(cb), cb->rows, cb->columns, cb->seconds_per_row);
  if (puts_(b, s)) return 1;
  for (unsigned c = 0; c < cb->columns; ++c) {
    const hs_cbuf_column *h = &cb->headers[c];
    snprintf(s, sizeof s, "%s{\"name\":\"%s\",\"unit\":\"%s\",\"aggregation\":\"%s\"}",
             c ? "," : "", h->name, h->unit, hs_cbuf_aggregations[h->aggregation]);
    if (puts_(b, s)) return 1;
  }
  return puts_(b, "]}\n");
}

/* Every row, oldest first, values tab-separated. */
static int full_rows(hs_buffer *b, const hs_cbuf *cb)
{
  for (unsigned i = 1; i <= cb->rows; ++i) {
    const double *v = cb->values + (size_t)((cb->current_row + i) % cb->rows) * cb->columns;
    for (unsigned c = 0; c < cb->columns; ++c) {
      if ((c && hs_buffer_append(b, "\t", 1)) || hs_append_number(b, v[c])) return 1;
    }
    if (hs_buffer_append(b, "\n", 1)) return 1;
  }
  return 0;
}

static int by_time(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* The times of the rows with deltas, sorted, in a userdata pushed on the stack; *n its length.
 * The deltas table must be at the top of the stack. */
static double *delta_times(lua_State *lua, size_t *n)
{
  int deltas = lua_gettop(lua);
  size_t count = 0;
  lua_pushnil(lua);
  while (lua_next(lua, deltas)) {
    ++count;
    lua_pop(lua, 1);
  }
  double *times = lua_newuserdata(lua, count ? count * sizeof(double) : 1);
  size_t i = 0;
  lua_pushnil(lua);
  while (lua_next(lua, deltas)) {
    times[i++] = lua_tonumber(lua, -2);
    lua_pop(lua, 1);
  }
  qsort(times, count, sizeof(double), by_time);
  *n = count;
  return times;
}

/* One row of deltas: `time<sep>d1<sep>…`, "nan" for columns without one; for_lua writes numbers
 * in full precision (preserve_data) rather than the payload's 8 decimals. */
typedef int (*number_writer)(hs_buffer *b, double d);

static int write_delta_rows(lua_State *lua, int index, hs_buffer *b, const hs_cbuf *cb,
                            const char *sep, const char *end, number_writer number)
{
  lua_getfenv(lua, index);
  int deltas = lua_gettop(lua);
  size_t n;
  double *times = delta_times(lua, &n);
  int rc = 0;
  for (size_t i = 0; i < n && !rc; ++i) {
    lua_pushnumber(lua, times[i]);
    lua_rawget(lua, deltas);
    rc = number(b, times[i]);
    for (unsigned c = 1; c <= cb->columns && !rc; ++c) {
      lua_rawgeti(lua, -1, (int)c);
      rc = puts_(b, sep) || (lua_isnumber(lua, -1) ? number(b, lua_tonumber(lua, -1)) : puts_(b, "nan"));
      lua_pop(lua, 1);
    }
    if (!rc && *end) rc = puts_(b, end);
    lua_pop(lua, 1);
  }
  lua_settop(lua, deltas - 1);
  return rc;
}

int hs_cbuf_output(lua_State *lua, int index, hs_buffer *b)
{
  if (index < 0) index = lua_gettop(lua) + index + 1;
  hs_cbuf *cb = hs_cbuf_test(lua, index);
  if (cb->format == CBUF_FORMAT_CBUFD) {
    if (!cb->delta || !cb->has_deltas) return 0; /* nothing changed: nothing to say */
    if (header(b, cb) || write_delta_rows(lua, index, b, cb, "\t", "\n", hs_append_number)) return 1;
    hs_cbuf_clear_deltas(lua, index, cb);
    return 0;
  }
  return header(b, cb) || full_rows(b, cb);
}

/* Lua-readable numbers for fromstring: exact, with nan and inf spelled as strtod reads them. */
static int exact_number(hs_buffer *b, double d)
{
  char s[32];
  if (isnan(d)) return puts_(b, "nan");
  if (isinf(d)) return puts_(b, d > 0 ? "inf" : "-inf");
  return hs_buffer_append(b, s, (size_t)snprintf(s, sizeof s, "%.17g", d));
}

int hs_cbuf_preserve(lua_State *lua, int index, hs_buffer *b, const char *path, size_t plen)
{
  if (index < 0) index = lua_gettop(lua) + index + 1;
  const hs_cbuf *cb = hs_cbuf_test(lua, index);
  char s[96];
  if (puts_(b, "if ") || hs_buffer_append(b, path, plen) || puts_(b, " == nil then ")
      || hs_buffer_append(b, path, plen)) {
    return 1;
  }
  snprintf(s, sizeof s, " = circular_buffer.new(%u, %u, %u%s) end\n", cb->rows, cb->columns,
           cb->seconds_per_row, cb->delta ? ", true" : "");
  if (puts_(b, s)) return 1;
  for (unsigned c = 0; c < cb->columns; ++c) {
    const hs_cbuf_column *h = &cb->headers[c];
    snprintf(s, sizeof s, ":set_header(%u, \"%s\", \"%s\", \"%s\")\n", c + 1, h->name, h->unit,
             hs_cbuf_aggregations[h->aggregation]);
    if (hs_buffer_append(b, path, plen) || puts_(b, s)) return 1;
  }
  snprintf(s, sizeof s, ":fromstring(\"%lld %u", (long long)cb->current_time, cb->current_row);
  if (hs_buffer_append(b, path, plen) || puts_(b, s)) return 1;
  size_t cells = (size_t)cb->rows * cb->columns;
  for (size_t i = 0; i < cells; ++i) {
    if (puts_(b, " ") || exact_number(b, cb->values[i])) return 1;
  }
  if (cb->delta && cb->has_deltas) {
    if (puts_(b, " ") || write_delta_rows(lua, index, b, cb, " ", " ", exact_number)) return 1;
    if (b->pos && b->data[b->pos - 1] == ' ') --b->pos;
  }
  return puts_(b, "\")\n");
}

/* Reads the next number of a fromstring text; 0 at the end, -1 when something else is there. */
static int read_number(const char **p, double *v)
{
  while (isspace((unsigned char)**p)) ++*p;
  if (!**p) return 0;
  char *end;
  *v = strtod(*p, &end);
  if (end == *p) return -1;
  *p = end;
  return 1;
}

/* "<newest row time> <newest row> <rows × columns values>[ <time> <deltas>…]": checked whole
 * before anything changes, so a bad text leaves the buffer as it was. */
int hs_cbuf_fromstring(lua_State *lua)
{
  hs_cbuf *cb = hs_cbuf_check(lua, 2);
  const char *text = luaL_checkstring(lua, 2);
  char *end;
  long long t = strtoll(text, &end, 10);
  const char *p = end;
  unsigned long row = strtoul(p, &end, 10);
  int64_t spr = cb->seconds_per_row;
  if (end == p || p == text || row >= cb->rows || t % spr != 0
      || (unsigned long)(((t / spr) % (int64_t)cb->rows + cb->rows) % cb->rows) != row) {
    return luaL_error(lua, "fromstring() invalid time/row");
  }
  p = end;
  const char *values = p;
  size_t cells = (size_t)cb->rows * cb->columns, n = 0;
  double v;
  int rc;
  while ((rc = read_number(&p, &v)) == 1) ++n;
  if (rc < 0) {
    const char *token = p;
    while (*p && !isspace((unsigned char)*p) && p - token < 20) ++p;
    lua_pushlstring(lua, token, (size_t)(p - token));
    return luaL_error(lua, "fromstring() invalid value: '%s'", lua_tostring(lua, -1));
  }
  if (n < cells) {
    return luaL_error(lua, "fromstring() too few values: %d, expected %d", (int)n, (int)cells);
  }
  if (n > cells && !cb->delta) {
    return luaL_error(lua, "fromstring() too many values, more than: %d", (int)cells);
  }
  if ((n - cells) % (cb->columns + 1)) return luaL_error(lua, "fromstring() invalid delta");

  p = values;
  for (size_t i = 0; i < cells; ++i) read_number(&p, &cb->values[i]);
  cb->current_time = t;
  cb->current_row = (unsigned)row;
  while (read_number(&p, &v) == 1) { /* a delta row: its time, then one value per column */
    int64_t row_time = (int64_t)v;
    for (unsigned c = 0; c < cb->columns; ++c) {
      read_number(&p, &v);
      if (!isnan(v)) hs_cbuf_put_delta(lua, 1, cb, row_time, c, v, 1);
    }
  }
  return 0;
}

int hs_cbuf_format(lua_State *lua)
{
  static const char *const formats[] = { "cbuf", "cbufd", NULL };
  hs_cbuf *cb = hs_cbuf_check(lua, 2);
  luaL_argcheck(lua, lua_gettop(lua) == 2, 0, "incorrect number of arguments");
  cb->format = luaL_checkoption(lua, 2, NULL, formats);
  lua_settop(lua, 1);
  return 1; /* self, so that add_to_payload(cb:format("cbufd")) reads naturally */
}
