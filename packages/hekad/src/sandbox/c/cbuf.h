/* circular_buffer: a sliding time window of rows × columns of doubles (Heka's C module). Split in
 * cbuf.c (the object and its cell methods), cbuf_stats.c (compute, mannwhitneyu), cbuf_text.c
 * (cbuf/cbufd output, preserve_data source, fromstring). */
#ifndef HS_CBUF_H
#define HS_CBUF_H

#include <stdint.h>
#include "hs.h"
#include "lua.h"

#define HS_CBUF_METATABLE "lsb.circular_buffer" /* Heka's name: it shows in argument errors */
#define HS_CBUF_NAME_SIZE 16 /* 15 characters + NUL */
#define HS_CBUF_UNIT_SIZE 8  /* 7 characters + NUL */

enum hs_cbuf_aggregation { CBUF_SUM = 0, CBUF_MIN = 1, CBUF_MAX = 2, CBUF_NONE = 3 };
enum hs_cbuf_format { CBUF_FORMAT_CBUF = 0, CBUF_FORMAT_CBUFD = 1 };

typedef struct {
  char name[HS_CBUF_NAME_SIZE];
  char unit[HS_CBUF_UNIT_SIZE];
  int aggregation;
} hs_cbuf_column;

/* Lives in one userdata: this struct, then rows × columns values, then the column headers.
 * The deltas (enable_delta) are a Lua table in the userdata's environment, so their memory
 * counts against memory_limit: { [row seconds] = { [column] = delta } }. */
typedef struct {
  int64_t current_time; /* seconds: start of the newest row */
  unsigned rows, columns, seconds_per_row, current_row;
  int delta;       /* enable_delta */
  int has_deltas;  /* something recorded since the last cbufd output */
  int format;
  double *values;  /* row-major, row r at values[r * columns] */
  hs_cbuf_column *headers;
} hs_cbuf;

extern const char *const hs_cbuf_aggregations[];

/* cbuf.c */
hs_cbuf *hs_cbuf_test(lua_State *lua, int index); /* NULL when not a circular buffer */
hs_cbuf *hs_cbuf_check(lua_State *lua, int min_args);
int hs_cbuf_column_arg(lua_State *lua, hs_cbuf *cb, int arg); /* 0-based */
int64_t hs_cbuf_start_time(const hs_cbuf *cb);
/* The row holding time ns, or -1 (older than the window, or newer when not advancing). */
int hs_cbuf_row(hs_cbuf *cb, double ns, int advance);
/* Deltas of row `t` (seconds): accumulate adds to the recorded delta, else replaces it.
 * The buffer is at stack index `index`. */
void hs_cbuf_put_delta(lua_State *lua, int index, hs_cbuf *cb, int64_t t, unsigned col, double v,
                       int accumulate);
void hs_cbuf_clear_deltas(lua_State *lua, int index, hs_cbuf *cb);

/* cbuf_stats.c */
int hs_cbuf_compute(lua_State *lua);
int hs_cbuf_mannwhitneyu(lua_State *lua);

/* cbuf_text.c: output functions return non-zero when the buffer is full (no Lua error). */
int hs_cbuf_output(lua_State *lua, int index, hs_buffer *b);
int hs_cbuf_preserve(lua_State *lua, int index, hs_buffer *b, const char *path, size_t plen);
int hs_cbuf_fromstring(lua_State *lua);
int hs_cbuf_format(lua_State *lua);

int hs_open_circular_buffer(lua_State *lua);

#endif
