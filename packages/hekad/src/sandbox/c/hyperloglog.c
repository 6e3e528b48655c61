/* hyperloglog (see hyperloglog.h): new, add, count, clear, merge, fromstring, and the bytes it
 * shows to add_to_payload and preserve_data. Argument errors are worded as Heka's. */
#include <math.h>
#include <string.h>

#include "hyperloglog.h"
#include "lauxlib.h"

#define P_BITS 14                      /* register index bits: 2^14 registers */
#define REGISTER_MASK 63               /* six-bit registers */
#define STALE 0x80                     /* in card[7]: the cached estimate must be recomputed */
#define HASH_SEED 0xadc83b19ULL        /* Redis' seed, so the same items land in the same registers */

static const char magic[4] = { 'H', 'Y', 'L', 'L' };

static unsigned get_register(const uint8_t *r, unsigned i)
{
  unsigned bit = i * 6, byte = bit >> 3;
  return ((r[byte] | (unsigned)r[byte + 1] << 8) >> (bit & 7)) & REGISTER_MASK;
}

static void set_register(uint8_t *r, unsigned i, unsigned v)
{
  unsigned bit = i * 6, byte = bit >> 3, shift = bit & 7;
  unsigned both = (r[byte] | (unsigned)r[byte + 1] << 8) & ~(REGISTER_MASK << shift);
  both |= v << shift;
  r[byte] = (uint8_t)both;
  r[byte + 1] = (uint8_t)(both >> 8);
}

static uint64_t load64_le(const uint8_t *p)
{
  uint64_t k = 0;
  for (int i = 7; i >= 0; --i) k = k << 8 | p[i];
  return k;
}

/* MurmurHash64A (Austin Appleby's 64-bit MurmurHash2) reading bytes little endian, as Redis. */
static uint64_t murmur64a(const uint8_t *data, size_t len)
{
  const uint64_t m = 0xc6a4a7935bd1e995ULL;
  uint64_t h = HASH_SEED ^ ((uint64_t)len * m);
  size_t whole = len & ~(size_t)7;
  for (size_t i = 0; i < whole; i += 8) {
    uint64_t k = load64_le(data + i) * m;
    k ^= k >> 47;
    h = (h ^ (k * m)) * m;
  }
  size_t tail = len & 7;
  if (tail) {
    for (size_t i = tail; i-- > 0;) h ^= (uint64_t)data[whole + i] << (8 * i);
    h *= m;
  }
  h ^= h >> 47;
  h *= m;
  return h ^ (h >> 47);
}

/* Adds one item; 1 when its register grew (the estimate may have changed). */
static int add_item(hs_hll *h, const uint8_t *item, size_t len)
{
  uint64_t hash = murmur64a(item, len);
  unsigned index = (unsigned)(hash & (HS_HLL_REGISTERS - 1));
  /* the run of zeros above the index bits, plus one; bit 63 stops an all-zero run at 50 */
  uint64_t rest = (hash | 1ULL << 63) >> P_BITS;
  unsigned run = (unsigned)__builtin_ctzll(rest) + 1;
  if (run <= get_register(h->registers, index)) return 0;
  set_register(h->registers, index, run);
  h->card[7] |= STALE;
  return 1;
}

/* Redis' estimator: the raw HyperLogLog mean, linear counting while registers are still empty
 * and the estimate is small, and its polynomial bias correction up to 72000. */
static uint64_t estimate(const uint8_t *registers)
{
  const double m = HS_HLL_REGISTERS;
  const double alpha = 0.7213 / (1 + 1.079 / m);
  double sum = 0;
  int zeros = 0;
  for (unsigned i = 0; i < HS_HLL_REGISTERS; ++i) {
    unsigned v = get_register(registers, i);
    if (v == 0) ++zeros;
    sum += 1.0 / (double)(1ULL << v);
  }
  double e = (1 / sum) * alpha * m * m;
  if (e < m * 2.5 && zeros != 0) {
    e = m * log(m / zeros);
  } else if (e < 72000) {
    double bias = 5.9119 * 1.0e-18 * (e * e * e * e) - 1.4253 * 1.0e-12 * (e * e * e)
                  + 1.2940 * 1.0e-7 * (e * e) - 5.2921 * 1.0e-3 * e + 83.3216;
    e -= e * (bias / 100);
  }
  return (uint64_t)e;
}

static uint64_t cached_count(hs_hll *h)
{
  if (!(h->card[7] & STALE)) {
    uint64_t c = 0;
    for (int i = 7; i >= 0; --i) c = c << 8 | h->card[i];
    return c;
  }
  uint64_t c = estimate(h->registers);
  for (int i = 0; i < 8; ++i) h->card[i] = (uint8_t)(c >> (8 * i));
  return c;
}

hs_hll *hs_hll_test(lua_State *lua, int index)
{
  void *p = lua_touserdata(lua, index);
  if (!p || !lua_getmetatable(lua, index)) return NULL;
  luaL_getmetatable(lua, HS_HLL_METATABLE);
  int same = lua_rawequal(lua, -1, -2);
  lua_pop(lua, 2);
  return same ? p : NULL;
}

/* The object (argument 1) of a method taking `args` arguments in all, as Heka checked them. */
static hs_hll *check(lua_State *lua, int args)
{
  hs_hll *h = luaL_checkudata(lua, 1, HS_HLL_METATABLE);
  luaL_argcheck(lua, lua_gettop(lua) == args, 0, "incorrect number of arguments");
  return h;
}

static int hll_new(lua_State *lua)
{
  luaL_argcheck(lua, lua_gettop(lua) == 0, 0, "incorrect number of arguments");
  hs_hll *h = lua_newuserdata(lua, sizeof(hs_hll));
  memset(h, 0, sizeof *h);
  memcpy(h->magic, magic, sizeof magic);
  h->card[7] = STALE;
  luaL_getmetatable(lua, HS_HLL_METATABLE);
  lua_setmetatable(lua, -2);
  return 1;
}

static int hll_add(lua_State *lua)
{
  hs_hll *h = check(lua, 2);
  size_t len;
  const char *s;
  double d;
  switch (lua_type(lua, 2)) {
  case LUA_TSTRING:
    s = lua_tolstring(lua, 2, &len);
    lua_pushboolean(lua, add_item(h, (const uint8_t *)s, len));
    return 1;
  case LUA_TNUMBER: /* the double's bytes, as Heka hashed them */
    d = lua_tonumber(lua, 2);
    lua_pushboolean(lua, add_item(h, (const uint8_t *)&d, sizeof d));
    return 1;
  default: return luaL_argerror(lua, 2, "must be a string or number");
  }
}

static int hll_count(lua_State *lua)
{
  lua_pushnumber(lua, (double)cached_count(check(lua, 1)));
  return 1;
}

static int hll_clear(lua_State *lua)
{
  hs_hll *h = check(lua, 1);
  memset(h->registers, 0, sizeof h->registers);
  h->card[7] |= STALE;
  return 0;
}

/* Every register becomes the larger of the two: the union of both streams. */
static int hll_merge(lua_State *lua)
{
  hs_hll *dest = check(lua, 2);
  const hs_hll *src = luaL_checkudata(lua, 2, HS_HLL_METATABLE);
  for (unsigned i = 0; i < HS_HLL_REGISTERS; ++i) {
    unsigned v = get_register(src->registers, i);
    if (v > get_register(dest->registers, i)) set_register(dest->registers, i, v);
  }
  dest->card[7] |= STALE;
  return 0;
}

/* preserve_data's way back: the 12304 bytes written by hs_hll_preserve (or Heka). */
static int hll_fromstring(lua_State *lua)
{
  hs_hll *h = check(lua, 2);
  size_t len;
  const char *s = luaL_checklstring(lua, 2, &len);
  if (len != HS_HLL_BYTES) {
    return luaL_error(lua, "fromstring() bytes found: %d, expected %d", (int)len, HS_HLL_BYTES);
  }
  if (memcmp(s, magic, sizeof magic) != 0) return luaL_error(lua, "fromstring() HYLL header not found");
  if (s[4] != 0 || s[5] != 0) return luaL_error(lua, "fromstring() invalid encoding");
  memcpy(h, s, HS_HLL_BYTES);
  h->registers[HS_HLL_REGISTER_BYTES] = 0;
  return 0;
}

int hs_hll_output(const hs_hll *h, hs_buffer *b)
{
  return hs_buffer_append(b, (const char *)h, HS_HLL_BYTES);
}

/* Heka's lines: create it if the script did not, then load the bytes. Like Heka, only the
 * characters that would end or break the string literal are escaped; the rest stay raw. */
int hs_hll_preserve(const hs_hll *h, hs_buffer *b, const char *path, size_t plen)
{
  if (hs_buffer_append(b, "if ", 3) || hs_buffer_append(b, path, plen)
      || hs_buffer_append(b, " == nil then ", 13) || hs_buffer_append(b, path, plen)
      || hs_buffer_append(b, " = hyperloglog.new() end\n", 25) || hs_buffer_append(b, path, plen)
      || hs_buffer_append(b, ":fromstring(\"", 13)) {
    return 1;
  }
  const char *bytes = (const char *)h;
  size_t run = 0; /* start of the bytes not yet written */
  for (size_t i = 0; i < HS_HLL_BYTES; ++i) {
    const char *esc = bytes[i] == '\n' ? "\\n" : bytes[i] == '\r' ? "\\r"
                    : bytes[i] == '"' ? "\\\"" : bytes[i] == '\\' ? "\\\\" : NULL;
    if (!esc) continue;
    if (hs_buffer_append(b, bytes + run, i - run) || hs_buffer_append(b, esc, 2)) return 1;
    run = i + 1;
  }
  return hs_buffer_append(b, bytes + run, HS_HLL_BYTES - run) || hs_buffer_append(b, "\")\n", 3);
}

static const luaL_Reg functions[] = { { "new", hll_new }, { NULL, NULL } };

static const luaL_Reg methods[] = {
  { "add", hll_add },
  { "count", hll_count },
  { "clear", hll_clear },
  { "merge", hll_merge },
  { "fromstring", hll_fromstring },
  { NULL, NULL }
};

int hs_open_hyperloglog(lua_State *lua)
{
  luaL_newmetatable(lua, HS_HLL_METATABLE);
  lua_pushvalue(lua, -1);
  lua_setfield(lua, -2, "__index");
  luaL_register(lua, NULL, methods);
  lua_pop(lua, 1);
  lua_newtable(lua);
  luaL_register(lua, NULL, functions);
  return 1;
}
