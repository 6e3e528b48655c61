/* inject.c's encoder, for other C that serialises messages as inject_message does
 * (field_table.c). */
#ifndef HS_INJECT_H
#define HS_INJECT_H

#include "hs.h"
#include "inherit.h"

#define HS_INJECT_FULL -1 /* encode result: the output buffer is full */

/* The value at the top of the stack as a Field's items after its name (as inject_message). The
 * calling C function's upvalues 1..n must be the strings hs_push_inject_keys pushed. */
int hs_encode_value(lua_State *lua, hs_buffer *b, const char *rep, int value_type);
/* A string value of len bytes at s, as hs_encode_value writes a Lua string. */
int hs_encode_string(hs_buffer *b, const char *rep, const char *s, size_t len);
/* Pushes the key strings the encoder reads tables with; returns how many (HS_INJECT_KEY_COUNT). */
#define HS_INJECT_KEY_COUNT 14
int hs_push_inject_keys(lua_State *lua);
/* After encoding into hs.output with result rc: raises inject_message's error (with the position
 * of the Lua function `level` calls up, as luaL_error's level 1), or merges the inherited
 * headers and hands the message to the host. */
int hs_inject_encoded(lua_State *lua, int level, int rc, const hs_gaps *gaps);

#endif
