/* hyperloglog: Heka's C module for estimating how many distinct items a stream holds, with the
 * dense layout and estimator of Redis' HyperLogLog (16384 six-bit registers, MurmurHash64A), so
 * its counts and its bytes (preserve_data, output) are the ones Heka gave. */
#ifndef HS_HLL_H
#define HS_HLL_H

#include <stdint.h>
#include "hs.h"
#include "lua.h"

#define HS_HLL_METATABLE "lsb.hyperloglog" /* Heka's name: it shows in argument errors */
#define HS_HLL_REGISTERS 16384
#define HS_HLL_REGISTER_BYTES (HS_HLL_REGISTERS * 6 / 8)
#define HS_HLL_BYTES (16 + HS_HLL_REGISTER_BYTES) /* header + registers: 12304 */

/* Redis' dense string: a 16-byte header, then the registers packed LSB first. One spare byte at
 * the end lets a register be read as two bytes even when it is the last one. */
typedef struct {
  char magic[4];        /* "HYLL" */
  uint8_t encoding;     /* 0: dense */
  uint8_t unused[3];
  uint8_t card[8];      /* cached estimate, little endian; top bit set when stale */
  uint8_t registers[HS_HLL_REGISTER_BYTES + 1];
} hs_hll;

hs_hll *hs_hll_test(lua_State *lua, int index); /* NULL when not a hyperloglog */

/* Both return non-zero when the buffer is full (no Lua error). */
int hs_hll_output(const hs_hll *h, hs_buffer *b); /* add_to_payload: the 12304 raw bytes */
int hs_hll_preserve(const hs_hll *h, hs_buffer *b, const char *path, size_t plen);

int hs_open_hyperloglog(lua_State *lua);

#endif
