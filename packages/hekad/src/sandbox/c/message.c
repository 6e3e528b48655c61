/* read_message and read_next_field: read straight from the protobuf bytes the host wrote for
 * the current message, so a read costs no crossing to the host. */
#include <stdio.h>
#include <string.h>

#include "hs.h"
#include "lauxlib.h"
#include "pb.h"

typedef struct {
  const uint8_t *name;
  size_t name_len;
  int value_type;
  const uint8_t *rep;
  size_t rep_len;
  pb_reader body;
} field_info;

static pb_reader message_reader(void)
{
  pb_reader r = { hs.msg, hs.msg + hs.msg_len };
  return r;
}

/* The last occurrence of a header wins, as in protobuf. */
static int find_header(unsigned tag, pb_item *out)
{
  pb_reader r = message_reader();
  pb_item it;
  int found = 0;
  while (pb_next(&r, &it)) {
    if (it.tag == tag) {
      *out = it;
      found = 1;
    }
  }
  return found;
}

static int parse_field(const uint8_t *data, size_t len, field_info *f)
{
  pb_reader r = { data, data + len };
  pb_item it;
  memset(f, 0, sizeof *f);
  f->body = r;
  while (pb_next(&r, &it)) {
    if (it.tag == FIELD_NAME && it.wire == 2) {
      f->name = it.data;
      f->name_len = it.len;
    } else if (it.tag == FIELD_VALUE_TYPE && it.wire == 0) {
      f->value_type = (int)it.varint;
    } else if (it.tag == FIELD_REPRESENTATION && it.wire == 2) {
      f->rep = it.data;
      f->rep_len = it.len;
    }
  }
  return r.p == r.end;
}

/* Walks the values of a field (packed or not); calls back for element ai. Returns the count. */
static size_t field_values(const field_info *f, size_t ai, int (*push)(lua_State *, pb_item *),
                           lua_State *lua, int *pushed)
{
  static const unsigned tags[] = { FIELD_STRING, FIELD_BYTES, FIELD_INTEGER, FIELD_DOUBLE,
                                   FIELD_BOOL };
  if (f->value_type < 0 || f->value_type > 4) return 0;
  unsigned tag = tags[f->value_type];
  pb_reader r = f->body;
  pb_item it;
  size_t n = 0;
  while (pb_next(&r, &it)) {
    if (it.tag != tag) continue;
    int packed = it.wire == 2 && (tag == FIELD_INTEGER || tag == FIELD_DOUBLE || tag == FIELD_BOOL);
    if (!packed) {
      if (n++ == ai && lua) *pushed = push(lua, &it);
      continue;
    }
    pb_reader pr = { it.data, it.data + it.len };
    while (pr.p < pr.end) {
      pb_item e;
      if (tag == FIELD_DOUBLE) {
        if (pr.end - pr.p < 8) break;
        e.wire = 1;
        e.data = pr.p;
        e.len = 8;
        pr.p += 8;
      } else {
        e.wire = 0;
        if (!pb_varint(&pr, &e.varint)) break;
      }
      e.tag = tag;
      if (n++ == ai && lua) *pushed = push(lua, &e);
    }
  }
  return n;
}

static int push_value(lua_State *lua, pb_item *it)
{
  double d;
  switch (it->tag) {
  case FIELD_STRING:
    lua_pushlstring(lua, (const char *)it->data, it->len);
    return 1;
  case FIELD_BYTES:
    if (it->len == 0) return 0; /* Heka returns nil for an empty bytes value */
    lua_pushlstring(lua, (const char *)it->data, it->len);
    return 1;
  case FIELD_INTEGER:
    if (it->wire != 0) return 0;
    lua_pushnumber(lua, (double)(int64_t)it->varint);
    return 1;
  case FIELD_DOUBLE:
    if (it->wire != 1) return 0;
    memcpy(&d, it->data, 8);
    lua_pushnumber(lua, d);
    return 1;
  case FIELD_BOOL:
    if (it->wire != 0) return 0;
    lua_pushboolean(lua, it->varint != 0);
    return 1;
  }
  return 0;
}

static int read_field(lua_State *lua, const char *name, size_t name_len, size_t fi, size_t ai)
{
  pb_reader r = message_reader();
  pb_item it;
  while (pb_next(&r, &it)) {
    if (it.tag != MSG_FIELDS || it.wire != 2) continue;
    field_info f;
    parse_field(it.data, it.len, &f);
    if (f.name_len != name_len || memcmp(f.name, name, name_len) != 0) continue;
    if (fi-- > 0) continue;
    int pushed = 0;
    field_values(&f, ai, push_value, lua, &pushed);
    return pushed;
  }
  return 0;
}

static void push_uuid(lua_State *lua, const uint8_t *u, size_t len)
{
  char s[37];
  if (len != 16) {
    lua_pushliteral(lua, "");
    return;
  }
  snprintf(s, sizeof s,
           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
           u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12],
           u[13], u[14], u[15]);
  lua_pushlstring(lua, s, 36);
}

static int push_header(lua_State *lua, const char *name)
{
  static const struct { const char *name; unsigned tag; } strings[] = {
    { "Type", MSG_TYPE }, { "Logger", MSG_LOGGER }, { "Payload", MSG_PAYLOAD },
    { "EnvVersion", MSG_ENV_VERSION }, { "Hostname", MSG_HOSTNAME }, { NULL, 0 }
  };
  pb_item it;
  for (int i = 0; strings[i].name; ++i) {
    if (strcmp(name, strings[i].name) == 0) {
      if (find_header(strings[i].tag, &it) && it.wire == 2) {
        lua_pushlstring(lua, (const char *)it.data, it.len);
      } else {
        lua_pushliteral(lua, "");
      }
      return 1;
    }
  }
  if (strcmp(name, "Timestamp") == 0) {
    if (!find_header(MSG_TIMESTAMP, &it) || it.wire != 0) return 0;
    lua_pushnumber(lua, (double)(int64_t)it.varint);
    return 1;
  }
  if (strcmp(name, "Severity") == 0 || strcmp(name, "Pid") == 0) {
    if (!find_header(name[0] == 'S' ? MSG_SEVERITY : MSG_PID, &it) || it.wire != 0) return 0;
    lua_pushinteger(lua, (int32_t)it.varint);
    return 1;
  }
  if (strcmp(name, "Uuid") == 0) {
    if (find_header(MSG_UUID, &it) && it.wire == 2) {
      push_uuid(lua, it.data, it.len);
    } else {
      lua_pushliteral(lua, "");
    }
    return 1;
  }
  if (strcmp(name, "raw") == 0) {
    if (hs.msg_len == 0) return 0;
    lua_pushlstring(lua, (const char *)hs.msg, hs.msg_len);
    return 1;
  }
  return 0;
}

static int read_message(lua_State *lua)
{
  int n = lua_gettop(lua);
  if (n < 1 || n > 3) return luaL_error(lua, "read_message() incorrect number of arguments");
  size_t len;
  const char *name = luaL_checklstring(lua, 1, &len);
  lua_Number fi = luaL_optnumber(lua, 2, 0);
  luaL_argcheck(lua, fi >= 0, 2, "field index must be >= 0");
  lua_Number ai = luaL_optnumber(lua, 3, 0);
  luaL_argcheck(lua, ai >= 0, 3, "array index must be >= 0");
  if (!hs.msg) {
    lua_pushnil(lua);
    return 1;
  }
  const uint8_t *payload;
  size_t payload_len;
  if (strcmp(name, "Payload") == 0 && hs_record_payload(&payload, &payload_len)) {
    lua_pushlstring(lua, (const char *)payload, payload_len);
    return 1;
  }
  hs_record_needed(lua);
  int pushed;
  if (len > 8 && memcmp(name, "Fields[", 7) == 0 && name[len - 1] == ']') {
    pushed = read_field(lua, name + 7, len - 8, (size_t)fi, (size_t)ai);
  } else {
    pushed = push_header(lua, name);
  }
  if (!pushed) lua_pushnil(lua);
  return 1;
}

/* Deprecated in 0.10 but still served: type, name, first value, representation, count. */
static int read_next_field(lua_State *lua)
{
  if (lua_gettop(lua) != 0) return luaL_error(lua, "read_next_field() takes no arguments");
  if (hs.msg) {
    hs_record_needed(lua);
    pb_reader r = message_reader();
    r.p += hs.next_field;
    pb_item it;
    while (pb_next(&r, &it)) {
      if (it.tag != MSG_FIELDS || it.wire != 2) continue;
      hs.next_field = (size_t)(r.p - hs.msg);
      field_info f;
      parse_field(it.data, it.len, &f);
      lua_pushinteger(lua, f.value_type);
      lua_pushlstring(lua, (const char *)f.name, f.name_len);
      int pushed = 0;
      size_t count = field_values(&f, 0, push_value, lua, &pushed);
      if (!pushed) lua_pushnil(lua);
      lua_pushlstring(lua, f.rep ? (const char *)f.rep : "", f.rep_len);
      lua_pushinteger(lua, (lua_Integer)count);
      return 5;
    }
    hs.next_field = hs.msg_len;
  }
  for (int i = 0; i < 5; ++i) lua_pushnil(lua);
  return 5;
}

void hs_open_message(lua_State *lua)
{
  lua_register(lua, "read_message", read_message);
  lua_register(lua, "read_next_field", read_next_field);
}
