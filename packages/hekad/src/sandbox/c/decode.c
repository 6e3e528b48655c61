/* decode_message(pb_string): a Heka protobuf message as a Lua table, the shape inject_message
 * accepts back (Fields as an array of {name, value_type, representation, value = {...}}). */
#include <string.h>

#include "hs.h"
#include "lauxlib.h"
#include "pb.h"

/* Appends each value of one Field item (packed or not) to the array at the top of the stack. */
static int push_values(lua_State *lua, const pb_item *it, int *n)
{
  double d;
  switch (it->tag) {
  case 4:
  case 5:
    if (it->wire != 2) return 0;
    lua_pushlstring(lua, (const char *)it->data, it->len);
    lua_rawseti(lua, -2, ++*n);
    return 1;
  case 6:
  case 8:
    if (it->wire == 0) {
      if (it->tag == 6) lua_pushnumber(lua, (double)(int64_t)it->varint);
      else lua_pushboolean(lua, it->varint != 0);
      lua_rawseti(lua, -2, ++*n);
      return 1;
    }
    if (it->wire == 2) {
      pb_reader r = { it->data, it->data + it->len };
      uint64_t v;
      while (r.p < r.end) {
        if (!pb_varint(&r, &v)) return 0;
        if (it->tag == 6) lua_pushnumber(lua, (double)(int64_t)v);
        else lua_pushboolean(lua, v != 0);
        lua_rawseti(lua, -2, ++*n);
      }
      return 1;
    }
    return 0;
  case 7:
    if (it->wire != 1 && it->wire != 2) return 0;
    if (it->len % 8) return 0;
    for (size_t i = 0; i < it->len; i += 8) {
      memcpy(&d, it->data + i, 8);
      lua_pushnumber(lua, d);
      lua_rawseti(lua, -2, ++*n);
    }
    return 1;
  }
  return 1; /* unknown tags are skipped */
}

static int push_field(lua_State *lua, const pb_item *field)
{
  pb_reader r = { field->data, field->data + field->len };
  pb_item it;
  int n = 0;
  lua_newtable(lua);
  lua_newtable(lua); /* value */
  while (r.p < r.end) {
    if (!pb_next(&r, &it)) return 0;
    if (it.tag == 1 && it.wire == 2) {
      lua_pushlstring(lua, (const char *)it.data, it.len);
      lua_setfield(lua, -3, "name");
    } else if (it.tag == 2 && it.wire == 0) {
      lua_pushinteger(lua, (lua_Integer)it.varint);
      lua_setfield(lua, -3, "value_type");
    } else if (it.tag == 3 && it.wire == 2) {
      lua_pushlstring(lua, (const char *)it.data, it.len);
      lua_setfield(lua, -3, "representation");
    } else if (!push_values(lua, &it, &n)) {
      return 0;
    }
  }
  lua_setfield(lua, -2, "value");
  return 1;
}

static int decode_message(lua_State *lua)
{
  size_t len;
  const char *s = luaL_checklstring(lua, 1, &len);
  pb_reader r = { (const uint8_t *)s, (const uint8_t *)s + len };
  pb_item it;
  int have_uuid = 0, have_ts = 0, nfields = 0;
  lua_newtable(lua);
  lua_newtable(lua); /* Fields */
  while (r.p < r.end) {
    if (!pb_next(&r, &it)) return luaL_error(lua, "decode_message() could not decode protobuf string");
    /* the message table is at -2, its Fields array at -1 */
    if (it.tag == 1 && it.wire == 2) {
      lua_pushlstring(lua, (const char *)it.data, it.len);
      lua_setfield(lua, -3, "Uuid");
      have_uuid = it.len == 16;
    } else if (it.wire == 2 && it.tag >= 3 && it.tag <= 9 && it.tag != 5 && it.tag != 8) {
      static const char *const names[] = { NULL, NULL, NULL, "Type", "Logger", NULL, "Payload", "EnvVersion", NULL, "Hostname" };
      lua_pushlstring(lua, (const char *)it.data, it.len);
      lua_setfield(lua, -3, names[it.tag]);
    } else if (it.wire == 0 && (it.tag == 2 || it.tag == 5 || it.tag == 8)) {
      if (it.tag == 2) {
        lua_pushnumber(lua, (double)(int64_t)it.varint);
        have_ts = 1;
      } else {
        lua_pushinteger(lua, (int32_t)it.varint);
      }
      lua_setfield(lua, -3, it.tag == 2 ? "Timestamp" : it.tag == 5 ? "Severity" : "Pid");
    } else if (it.tag == 10 && it.wire == 2) {
      if (!push_field(lua, &it)) return luaL_error(lua, "decode_message() could not decode protobuf string");
      lua_rawseti(lua, -2, ++nfields);
    }
  }
  if (!have_uuid || !have_ts) return luaL_error(lua, "decode_message() missing required field: %s", have_uuid ? "Timestamp" : "Uuid");
  lua_setfield(lua, -2, "Fields");
  return 1;
}

void hs_open_decode(lua_State *lua)
{
  lua_register(lua, "decode_message", decode_message);
}
