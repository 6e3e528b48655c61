/* Inputs and outputs: Heka gave their scripts the io library, coroutines, collectgarbage and
 * more of os (spec plugins §6.3). Lua's own liolib and loslib are linked in; their file and
 * process calls reach the host's imports (src/sandbox/wasm-files.ts), which the host answers
 * with the real file system only for sandboxes it enabled here. */
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>

#include "hs.h"
#include "lauxlib.h"
#include "lualib.h"

static int io_enabled;

/* what inputs and outputs lose of the base library and of os, as in Heka */
static const char *const base_removed_io[] = { "dofile", "load", "loadfile", "loadstring", "print", NULL };
static const char *const os_removed_io[] = { "exit", "setlocale", NULL };

static const builtin io_builtins[] = {
  { LUA_IOLIBNAME, luaopen_io, NULL, 1 },
  { LUA_OSLIBNAME, luaopen_os, os_removed_io, 1 },
  { NULL, NULL, NULL, 0 }
};

/* Called by the host after hs_create and before hs_load. */
HS_EXPORT void hs_enable_io(void)
{
  if (!hs.lua || io_enabled) return;
  /* the base library again, for what env.c removed from every kind (collectgarbage, coroutine,
   * newproxy, gcinfo); like env.c, set up without the memory cap */
  size_t mem = hs.usage[HS_MEMORY][HS_LIMIT];
  hs.usage[HS_MEMORY][HS_LIMIT] = 0;
  lua_pushcfunction(hs.lua, luaopen_base);
  lua_call(hs.lua, 0, 0);
  /* coroutine's table survived in _LOADED, so the second open did not make it global again */
  lua_getfield(hs.lua, LUA_REGISTRYINDEX, "_LOADED");
  lua_getfield(hs.lua, -1, LUA_COLIBNAME);
  lua_setglobal(hs.lua, LUA_COLIBNAME);
  lua_pop(hs.lua, 1);
  for (const char *const *name = base_removed_io; *name; ++name) {
    lua_pushnil(hs.lua);
    lua_setglobal(hs.lua, *name);
  }
  hs.usage[HS_MEMORY][HS_LIMIT] = mem;
  io_enabled = 1;
}

const builtin *hs_kind_builtin(const char *name)
{
  if (!io_enabled) return NULL;
  for (const builtin *b = io_builtins; b->name; ++b) {
    if (strcmp(b->name, name) == 0) return b;
  }
  return NULL;
}

HS_IMPORT("open") int hs_host_open(const char *path, size_t len, int flags, int mode);

/* open(2) of the libc (fopen, tmpfile): emscripten's standalone one only knows /dev/std*, so
 * this strong definition replaces its weak one and asks the host; the host refuses (EPERM)
 * for sandboxes that were not enabled above. */
long __syscall_open(const char *path, long flags, ...)
{
  int mode = 0;
  if (flags & O_CREAT) {
    va_list ap;
    va_start(ap, flags);
    mode = (int)va_arg(ap, long);
    va_end(ap);
  }
  return hs_host_open(path, strlen(path), (int)flags, mode);
}
