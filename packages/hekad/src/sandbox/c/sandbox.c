/* Lifecycle of the one sandbox in this wasm instance: limits, script load, process_message and
 * timer_event calls, termination. The host drives it through the exports below. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hs.h"
#include "lauxlib.h"
#include "lstate.h" /* L->hookcount: instructions left, to report usage */

hs_sandbox hs;

void hs_set_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(hs.error, HS_ERROR_SIZE, fmt, ap);
  va_end(ap);
  if (n < 0) hs.error[0] = 0;
}

void hs_terminate(const char *fmt, ...)
{
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(hs.error, HS_ERROR_SIZE, fmt, ap);
    va_end(ap);
  }
  if (hs.lua) {
    lua_close(hs.lua);
    hs.lua = NULL;
  }
  hs.usage[HS_MEMORY][HS_CURRENT] = 0;
  hs.state = HS_TERMINATED;
}

/* xorshift128+, seeded by the host: random v4 UUIDs for injected messages */
uint64_t hs_random64(void)
{
  uint64_t s1 = hs.rng[0];
  const uint64_t s0 = hs.rng[1];
  hs.rng[0] = s0;
  s1 ^= s1 << 23;
  hs.rng[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
  return hs.rng[1] + s0;
}

/* Every Lua allocation goes through here, so memory_limit is a hard cap (0 = none). */
static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
  (void)ud;
  size_t *u = hs.usage[HS_MEMORY];
  if (nsize == 0) {
    free(ptr);
    u[HS_CURRENT] -= osize;
    return NULL;
  }
  size_t next = u[HS_CURRENT] - osize + nsize;
  if (u[HS_LIMIT] && next > u[HS_LIMIT] && nsize > osize) return NULL;
  void *p = realloc(ptr, nsize);
  if (!p) return NULL;
  u[HS_CURRENT] = next;
  if (next > u[HS_MAXIMUM]) u[HS_MAXIMUM] = next;
  return p;
}

static void count_hook(lua_State *lua, lua_Debug *ar)
{
  if (ar->event == LUA_HOOKCOUNT) luaL_error(lua, "instruction_limit exceeded");
}

/* Re-armed before every call so each call gets the whole instruction_limit. */
static void arm_hook(void)
{
  int limit = (int)hs.usage[HS_INSTRUCTIONS][HS_LIMIT];
  if (limit) lua_sethook(hs.lua, count_hook, LUA_MASKCOUNT, limit);
}

static void record_instructions(void)
{
  size_t limit = hs.usage[HS_INSTRUCTIONS][HS_LIMIT];
  if (!limit || !hs.lua) return;
  size_t used = limit - (size_t)hs.lua->hookcount;
  hs.usage[HS_INSTRUCTIONS][HS_CURRENT] = used;
  if (used > hs.usage[HS_INSTRUCTIONS][HS_MAXIMUM]) hs.usage[HS_INSTRUCTIONS][HS_MAXIMUM] = used;
}

static const char *error_text(lua_State *lua)
{
  const char *e = lua_tostring(lua, -1);
  return e ? e : "<nil error message>";
}

HS_EXPORT void *hs_alloc(size_t n) { return malloc(n); }
HS_EXPORT void hs_free(void *p) { free(p); }
HS_EXPORT const char *hs_error(void) { return hs.error; }
HS_EXPORT int hs_state(void) { return hs.state; }

HS_EXPORT double hs_usage(int type, int stat)
{
  if (type < 0 || type > 2 || stat < 0 || stat > 2) return 0;
  return (double)hs.usage[type][stat];
}

static char *copy_string(const char *s, size_t len)
{
  char *c = malloc(len + 1);
  if (c) {
    memcpy(c, s, len);
    c[len] = 0;
  }
  return c;
}

/* Step 1: limits, the random seed, and who injected payloads come from. */
HS_EXPORT int hs_create(double memory_limit, double instruction_limit, double output_limit,
                        double seed_a, double seed_b)
{
  memset(&hs, 0, sizeof hs);
  hs.usage[HS_MEMORY][HS_LIMIT] = (size_t)memory_limit;
  hs.usage[HS_INSTRUCTIONS][HS_LIMIT] = (size_t)instruction_limit;
  hs.usage[HS_OUTPUT][HS_LIMIT] = (size_t)output_limit;
  hs.rng[0] = (uint64_t)seed_a | 1;
  hs.rng[1] = (uint64_t)seed_b;
  hs.lua = lua_newstate(counting_alloc, NULL);
  hs_lpeg_forget(); /* a new state: its LPeg pattern metatable is not known yet */
  if (!hs.lua) {
    hs_terminate("the Lua state could not be created");
    return 1;
  }
  /* the libraries are the sandbox's, not the script's: set up without the memory cap */
  size_t mem = hs.usage[HS_MEMORY][HS_LIMIT];
  hs.usage[HS_MEMORY][HS_LIMIT] = 0;
  int rc = hs_open_env(hs.lua);
  hs.usage[HS_MEMORY][HS_LIMIT] = mem;
  if (rc) {
    hs_terminate("the sandbox environment could not be set up");
    return 1;
  }
  return 0;
}

HS_EXPORT void hs_set_strings(const char *module_path, size_t mp_len, const char *logger,
                              size_t lg_len, const char *hostname, size_t hn_len)
{
  free(hs.module_path);
  free(hs.logger);
  free(hs.hostname);
  hs.module_path = copy_string(module_path, mp_len);
  hs.logger = copy_string(logger, lg_len);
  hs.hostname = copy_string(hostname, hn_len);
}

/* read_config values, stored in the registry so read_config never crosses to the host */
static void config_table(lua_State *lua)
{
  lua_getfield(lua, LUA_REGISTRYINDEX, "hs_config");
  if (lua_isnil(lua, -1)) {
    lua_pop(lua, 1);
    lua_newtable(lua);
    lua_pushvalue(lua, -1);
    lua_setfield(lua, LUA_REGISTRYINDEX, "hs_config");
  }
}

HS_EXPORT void hs_config(const char *key, size_t klen, int type, const char *s, size_t slen,
                         double n)
{
  if (!hs.lua) return;
  config_table(hs.lua);
  lua_pushlstring(hs.lua, key, klen);
  switch (type) {
  case 0: lua_pushlstring(hs.lua, s, slen); break;
  case 3: lua_pushnumber(hs.lua, n); break;
  case 4: lua_pushboolean(hs.lua, n != 0); break;
  default: lua_pushnil(hs.lua); break;
  }
  lua_rawset(hs.lua, -3);
  lua_pop(hs.lua, 1);
}

/* Step 2: run the script once so it defines its globals and functions. */
HS_EXPORT int hs_load(const char *src, size_t len, const char *chunkname)
{
  if (hs.state == HS_TERMINATED || !hs.lua) return 1;
  arm_hook();
  if (hs_load_chunk(hs.lua, src, len, chunkname) || lua_pcall(hs.lua, 0, 0, 0)) {
    hs_terminate("%s", error_text(hs.lua));
    return 1;
  }
  lua_gc(hs.lua, LUA_GCCOLLECT, 0);
  record_instructions();
  hs.state = HS_RUNNING;
  return 0;
}

static int call_setup(const char *func)
{
  if (hs.state != HS_RUNNING || !hs.lua) return 1;
  arm_hook(); /* the output buffer is kept: add_to_payload may gather over several calls, as in Heka */
  lua_settop(hs.lua, 0);
  lua_getglobal(hs.lua, func);
  if (!lua_isfunction(hs.lua, -1)) {
    hs_terminate("%s() function was not found", func);
    return 1;
  }
  return 0;
}

/* Where the host copies the current message before hs_process_message. */
static uint8_t *msg_buf;
static size_t msg_cap;

uint8_t *hs_grow(uint8_t **buf, size_t *cap, size_t len, size_t least)
{
  if (len > *cap || !*buf) {
    size_t size = len < least ? least : len + len / 2;
    uint8_t *p = realloc(*buf, size);
    if (!p) return NULL;
    *buf = p;
    *cap = size;
  }
  return *buf;
}

HS_EXPORT uint8_t *hs_message_buffer(size_t len) { return hs_grow(&msg_buf, &msg_cap, len, 4096); }

HS_EXPORT int hs_process_message(size_t len)
{
  static const char *fn = "process_message";
  if (call_setup(fn)) return 1;
  lua_State *lua = hs.lua;
  hs.msg = msg_buf;
  hs.msg_len = len;
  hs.next_field = 0;
  hs_message_reset();
  int rc = lua_pcall(lua, 0, 2, 0);
  hs.msg_edited = hs.msg;
  hs.msg = NULL;
  if (rc) {
    hs_terminate("%s() %s", fn, error_text(lua));
    return 1;
  }
  if (lua_type(lua, 1) != LUA_TNUMBER) {
    hs_terminate("%s() must return a numeric status code", fn);
    return 1;
  }
  int status = (int)lua_tonumber(lua, 1);
  switch (lua_type(lua, 2)) {
  case LUA_TNIL: hs.error[0] = 0; break;
  case LUA_TSTRING: hs_set_error("%s", lua_tostring(lua, 2)); break;
  default:
    hs_terminate("%s() must return a nil or string error message", fn);
    return 1;
  }
  lua_settop(lua, 0);
  record_instructions();
  return status;
}

HS_EXPORT int hs_timer_event(double ns)
{
  static const char *fn = "timer_event";
  if (call_setup(fn)) return 1;
  lua_pushnumber(hs.lua, ns);
  if (lua_pcall(hs.lua, 1, 0, 0)) {
    hs_terminate("%s() %s", fn, error_text(hs.lua));
    return 1;
  }
  record_instructions();
  lua_gc(hs.lua, LUA_GCCOLLECT, 0);
  return 0;
}

HS_EXPORT void hs_destroy(void)
{
  hs_terminate(NULL);
  free(hs.output.data);
  free(hs.scratch.data);
  free(hs.module_path);
  free(hs.logger);
  free(hs.hostname);
  memset(&hs, 0, sizeof hs);
  hs.state = HS_TERMINATED;
}
