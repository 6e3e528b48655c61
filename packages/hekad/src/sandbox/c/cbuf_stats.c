/* circular_buffer statistics over a time range of one column: compute(sum|avg|sd|min|max|variance)
 * and the Mann-Whitney U test the anomaly module runs. NaN cells are "no data". */
#include <math.h>
#include <stdlib.h>

#include "cbuf.h"
#include "lauxlib.h"

/* The column's values from row `first` to row `last` (wrapping), in time order. */
typedef struct {
  const hs_cbuf *cb;
  unsigned col, row, last, done;
} cursor;

static cursor rows_of(const hs_cbuf *cb, unsigned col, int first, int last)
{
  cursor c = { cb, col, (unsigned)first, (unsigned)last, 0 };
  return c;
}

static int next_value(cursor *c, double *v)
{
  if (c->done) return 0;
  *v = c->cb->values[(size_t)c->row * c->cb->columns + c->col];
  if (c->row == c->last) {
    c->done = 1;
  } else {
    c->row = (c->row + 1) % c->cb->rows;
  }
  return 1;
}

static unsigned span(const hs_cbuf *cb, int first, int last)
{
  return ((unsigned)last + cb->rows - (unsigned)first) % cb->rows + 1;
}

int hs_cbuf_compute(lua_State *lua)
{
  static const char *const functions[] = { "sum", "avg", "sd", "min", "max", "variance", NULL };
  enum { SUM, AVG, SD, MIN, MAX, VARIANCE };
  hs_cbuf *cb = hs_cbuf_check(lua, 3);
  int fn = luaL_checkoption(lua, 2, NULL, functions);
  int col = hs_cbuf_column_arg(lua, cb, 3);
  double start = luaL_optnumber(lua, 4, (double)hs_cbuf_start_time(cb) * 1e9);
  double end = luaL_optnumber(lua, 5, (double)cb->current_time * 1e9);
  luaL_argcheck(lua, end >= start, 5, "end must be >= start");
  int first = hs_cbuf_row(cb, start, 0), last = hs_cbuf_row(cb, end, 0);
  if (first < 0 || last < 0) {
    lua_pushnil(lua);
    lua_pushinteger(lua, 0);
    return 2;
  }

  unsigned n = 0;
  double v, sum = 0, min = INFINITY, max = -INFINITY;
  cursor c = rows_of(cb, (unsigned)col, first, last);
  while (next_value(&c, &v)) {
    if (isnan(v)) continue;
    ++n;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  double result;
  switch (fn) {
  case SUM: result = sum; break;
  case AVG: result = n ? sum / n : NAN; break;
  case MIN: result = n ? min : NAN; break;
  case MAX: result = n ? max : NAN; break;
  default: { /* SD, VARIANCE: population variance around the mean */
    double mean = n ? sum / n : NAN, squares = 0;
    c = rows_of(cb, (unsigned)col, first, last);
    while (next_value(&c, &v)) {
      if (!isnan(v)) squares += (v - mean) * (v - mean);
    }
    result = n ? squares / n : NAN;
    if (fn == SD) result = sqrt(result);
  }
  }
  lua_pushnumber(lua, result);
  lua_pushinteger(lua, (lua_Integer)n);
  return 2;
}

typedef struct {
  double v;
  unsigned index;
} ranked;

/* NaN sorts below every number and equals other NaNs (Heka's ranking of empty rows). */
static int compare(double a, double b)
{
  if (isnan(a)) return isnan(b) ? 0 : -1;
  if (isnan(b)) return 1;
  return a < b ? -1 : a > b;
}

static int by_value(const void *a, const void *b)
{
  return compare(((const ranked *)a)->v, ((const ranked *)b)->v);
}

/* Ranks 1..N with ties at their average rank; returns the sum of ranks of the first n1 values
 * and sets the tie correction 1 - Σ(t³ - t) / (N³ - N). */
static double rank_sum(ranked *r, unsigned n, unsigned n1, double *correction)
{
  qsort(r, n, sizeof *r, by_value);
  double sum = 0, ties = 0;
  for (unsigned i = 0; i < n;) {
    unsigned j = i + 1;
    while (j < n && compare(r[i].v, r[j].v) == 0) ++j;
    double rank = (i + 1 + j) / 2.0, t = j - i;
    ties += t * t * t - t;
    for (unsigned k = i; k < j; ++k) {
      if (r[k].index < n1) sum += rank;
    }
    i = j;
  }
  double nn = n;
  *correction = 1.0 - ties / (nn * nn * nn - nn);
  return sum;
}

int hs_cbuf_mannwhitneyu(lua_State *lua)
{
  hs_cbuf *cb = hs_cbuf_check(lua, 6);
  int top = lua_gettop(lua);
  luaL_argcheck(lua, top <= 7, 0, "too many arguments");
  int col = hs_cbuf_column_arg(lua, cb, 2);
  double start1 = luaL_checknumber(lua, 3), end1 = luaL_checknumber(lua, 4);
  luaL_argcheck(lua, end1 >= start1, 4, "end_1 must be >= start_1");
  double start2 = luaL_checknumber(lua, 5), end2 = luaL_checknumber(lua, 6);
  luaL_argcheck(lua, end2 >= start2, 6, "end_2 must be >= start_2");
  luaL_argcheck(lua, end1 < start2 || end2 < start1, 4, "ranges must not overlap");
  int continuity = 1;
  if (top == 7) {
    luaL_argcheck(lua, lua_isboolean(lua, 7), 7, "use_continuity must be a boolean");
    continuity = lua_toboolean(lua, 7);
  }
  int f1 = hs_cbuf_row(cb, start1, 0), l1 = hs_cbuf_row(cb, end1, 0);
  int f2 = hs_cbuf_row(cb, start2, 0), l2 = hs_cbuf_row(cb, end2, 0);
  if (f1 < 0 || l1 < 0 || f2 < 0 || l2 < 0) return 0;

  unsigned n1 = span(cb, f1, l1), n2 = span(cb, f2, l2), n = n1 + n2;
  ranked *r = lua_newuserdata(lua, sizeof(ranked) * n); /* counted by memory_limit, freed by GC */
  unsigned i = 0;
  cursor c = rows_of(cb, (unsigned)col, f1, l1);
  for (double v; next_value(&c, &v); ++i) r[i] = (ranked){ v, i };
  c = rows_of(cb, (unsigned)col, f2, l2);
  for (double v; next_value(&c, &v); ++i) r[i] = (ranked){ v, i };

  double correction;
  double r1 = rank_sum(r, n, n1, &correction);
  if (correction == 0) return 0; /* every value the same: no test */
  double u1 = r1 - n1 * (n1 + 1.0) / 2.0;
  double u2 = (double)n1 * n2 - u1;
  double larger = u1 > u2 ? u1 : u2;
  double sd = sqrt(correction * n1 * n2 * (n + 1.0) / 12.0);
  double z = fabs((larger - (continuity ? 0.5 : 0) - n1 * (double)n2 / 2.0) / sd);
  lua_pushnumber(lua, u1);
  lua_pushnumber(lua, 0.5 * erfc(z / sqrt(2.0))); /* one-sided p: the normal CDF at -z */
  return 2;
}
