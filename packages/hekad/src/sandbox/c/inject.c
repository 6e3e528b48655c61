/* inject_message (a table serialised to Heka protobuf here, or protobuf bytes passed through)
 * and inject_payload; the host receives whole messages. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cbuf.h"
#include "hs.h"
#include "inherit.h"
#include "inject.h"
#include "lauxlib.h"
#include "pb.h"
#include "pbw.h"

#define FULL HS_INJECT_FULL

static char why[HS_ERROR_SIZE]; /* what made a table unencodable */

/* The table keys the encoder reads, interned once as upvalues of inject_message: lua_getfield
 * with a C string would hash and look the key up in the string table on every read. */
enum { K_UUID = 1, K_TIMESTAMP, K_TYPE, K_LOGGER, K_SEVERITY, K_PAYLOAD, K_ENV_VERSION, K_PID,
       K_HOSTNAME, K_FIELDS, K_NAME, K_VALUE, K_VALUE_TYPE, K_REPRESENTATION };
#define KEY_COUNT K_REPRESENTATION
_Static_assert(KEY_COUNT == HS_INJECT_KEY_COUNT, "inject.h names the number of keys");
static const char *const key_names[KEY_COUNT + 1] = {
  NULL, "Uuid", "Timestamp", "Type", "Logger", "Severity", "Payload", "EnvVersion", "Pid",
  "Hostname", "Fields", "name", "value", "value_type", "representation"
};

/* t[key] (metamethods included, as lua_getfield); only ever called under inject_message */
static void get_key(lua_State *lua, int t, int key)
{
  if (t < 0) t = lua_gettop(lua) + t + 1;
  lua_pushvalue(lua, lua_upvalueindex(key));
  lua_gettable(lua, t);
}

static int fail(const char *fmt, const char *arg)
{
  snprintf(why, sizeof why, fmt, arg);
  return 1;
}

static int encode_value(lua_State *lua, hs_buffer *b, const char *rep, int value_type);

/* The Field header items that precede the values, in field-number order. */
static int field_header(hs_buffer *b, int value_type, int written_type, const char *rep)
{
  if (written_type && (pbw_tag(b, FIELD_VALUE_TYPE, 0) || pbw_varint(b, (uint64_t)value_type))) {
    return FULL;
  }
  if (rep && pbw_bytes(b, FIELD_REPRESENTATION, rep, strlen(rep))) return FULL;
  return 0;
}

static int check_type(int ltype, int *value_type)
{
  switch (ltype) {
  case LUA_TSTRING:
    if (*value_type == -1) *value_type = TYPE_STRING;
    if (*value_type != TYPE_STRING && *value_type != TYPE_BYTES) {
      snprintf(why, sizeof why, "invalid string value_type: %d", *value_type);
      return 1;
    }
    return 0;
  case LUA_TNUMBER:
    if (*value_type == -1) *value_type = TYPE_DOUBLE;
    if (*value_type != TYPE_INTEGER && *value_type != TYPE_DOUBLE) {
      snprintf(why, sizeof why, "invalid numeric value_type: %d", *value_type);
      return 1;
    }
    return 0;
  case LUA_TBOOLEAN:
    if (*value_type == -1) *value_type = TYPE_BOOL;
    if (*value_type != TYPE_BOOL) {
      snprintf(why, sizeof why, "invalid boolean value_type: %d", *value_type);
      return 1;
    }
    return 0;
  }
  return fail("unsupported type: %s", lua_typename(NULL, ltype));
}

static int write_scalar(lua_State *lua, hs_buffer *b, int index, int value_type, int packed)
{
  size_t len;
  const char *s;
  switch (value_type) {
  case TYPE_STRING:
  case TYPE_BYTES:
    s = lua_tolstring(lua, index, &len);
    return pbw_bytes(b, value_type == TYPE_STRING ? FIELD_STRING : FIELD_BYTES, s, len) ? FULL : 0;
  case TYPE_INTEGER:
    if (!packed && pbw_tag(b, FIELD_INTEGER, 0)) return FULL;
    return pbw_varint(b, (uint64_t)(int64_t)lua_tonumber(lua, index)) ? FULL : 0;
  case TYPE_DOUBLE:
    if (!packed && pbw_tag(b, FIELD_DOUBLE, 1)) return FULL;
    return pbw_double(b, lua_tonumber(lua, index)) ? FULL : 0;
  default:
    if (!packed && pbw_tag(b, FIELD_BOOL, 0)) return FULL;
    return pbw_varint(b, lua_toboolean(lua, index) ? 1 : 0) ? FULL : 0;
  }
}

/* An array value (at the top of the stack): homogeneous, numbers and booleans packed. */
static int encode_array(lua_State *lua, hs_buffer *b, const char *rep, int value_type)
{
  int n = (int)lua_objlen(lua, -1);
  lua_rawgeti(lua, -1, 1);
  int ltype = lua_type(lua, -1);
  lua_pop(lua, 1);
  if (check_type(ltype, &value_type)) return 1;
  int rc = field_header(b, value_type, value_type != TYPE_STRING, rep);
  if (rc) return rc;
  int packed = n > 1 && value_type >= TYPE_INTEGER;
  size_t mark = 0;
  if (packed && pbw_open(b, FIELD_INTEGER + value_type - TYPE_INTEGER, &mark)) return FULL;
  for (int i = 1; i <= n; ++i) {
    lua_rawgeti(lua, -1, i);
    if (lua_type(lua, -1) != ltype) return fail("array has mixed types%s", "");
    rc = write_scalar(lua, b, -1, value_type, packed);
    lua_pop(lua, 1);
    if (rc) return rc;
  }
  if (packed && pbw_close(b, mark)) return FULL;
  return 0;
}

/* {value=..., value_type=..., representation=...} at the top of the stack */
static int encode_object(lua_State *lua, hs_buffer *b)
{
  get_key(lua, -1, K_REPRESENTATION);
  const char *rep = lua_isstring(lua, -1) ? lua_tostring(lua, -1) : NULL;
  get_key(lua, -2, K_VALUE_TYPE);
  int value_type = lua_isnumber(lua, -1) ? (int)lua_tointeger(lua, -1) : -1;
  get_key(lua, -3, K_VALUE);
  int rc = encode_value(lua, b, rep, value_type);
  lua_pop(lua, 3);
  return rc;
}

/* A circular buffer (at the top of the stack) as a BYTES value holding its cbuf/cbufd text. */
static int encode_cbuf(lua_State *lua, hs_buffer *b, const char *rep)
{
  size_t mark;
  if (field_header(b, TYPE_BYTES, 1, rep) || pbw_open(b, FIELD_BYTES, &mark)
      || hs_cbuf_output(lua, -1, b) || pbw_close(b, mark)) {
    return FULL;
  }
  return 0;
}

/* The value at the top of the stack, after the field name has been written. */
static int encode_value(lua_State *lua, hs_buffer *b, const char *rep, int value_type)
{
  int ltype = lua_type(lua, -1);
  if (ltype == LUA_TTABLE) {
    lua_rawgeti(lua, -1, 1);
    int first = lua_type(lua, -1);
    lua_pop(lua, 1);
    if (first == LUA_TNIL) return encode_object(lua, b);
    if (first == LUA_TTABLE || first == LUA_TFUNCTION || first == LUA_TUSERDATA
        || first == LUA_TLIGHTUSERDATA || first == LUA_TTHREAD) {
      return fail("unsupported array type: %s", lua_typename(lua, first));
    }
    return encode_array(lua, b, rep, value_type);
  }
  if (ltype == LUA_TUSERDATA && hs_cbuf_test(lua, -1)) return encode_cbuf(lua, b, rep);
  if (check_type(ltype, &value_type)) return 1;
  int rc = field_header(b, value_type, value_type != TYPE_STRING, rep);
  return rc ? rc : write_scalar(lua, b, -1, value_type, 0);
}

/* One Field: the name is at stack index name_index, the value at the top. */
static int encode_field(lua_State *lua, hs_buffer *b, int name_index, int object)
{
  if (lua_type(lua, name_index) != LUA_TSTRING) return fail("field name must be a string%s", "");
  size_t len, mark;
  const char *name = lua_tolstring(lua, name_index, &len);
  if (pbw_open(b, MSG_FIELDS, &mark) || pbw_bytes(b, FIELD_NAME, name, len)) return FULL;
  int rc = object ? encode_object(lua, b) : encode_value(lua, b, NULL, -1);
  if (rc) return rc;
  return pbw_close(b, mark) ? FULL : 0;
}

static int encode_fields(lua_State *lua, hs_buffer *b, int t)
{
  get_key(lua, t, K_FIELDS);
  int fields = lua_gettop(lua);
  if (!lua_istable(lua, fields)) {
    lua_pop(lua, 1);
    return 0;
  }
  int rc = 0;
  lua_rawgeti(lua, fields, 1);
  int array = lua_istable(lua, -1);
  lua_pop(lua, 1);
  if (array) { /* {{name=..., value=...}, ...} */
    for (int i = 1; rc == 0; ++i) {
      lua_rawgeti(lua, fields, i);
      if (lua_isnil(lua, -1)) break;
      if (!lua_istable(lua, -1)) {
        rc = fail("field object must be a table%s", "");
        break;
      }
      get_key(lua, -1, K_NAME);
      lua_insert(lua, -2);
      rc = encode_field(lua, b, -2, 1);
      lua_pop(lua, 2);
    }
  } else { /* {name = value, ...} */
    lua_pushnil(lua);
    while (rc == 0 && lua_next(lua, fields)) {
      rc = encode_field(lua, b, -2, 0);
      lua_pop(lua, 1);
    }
  }
  lua_settop(lua, fields - 1);
  return rc;
}

static int encode_string(lua_State *lua, hs_buffer *b, int t, int key, unsigned tag)
{
  int rc = 0;
  get_key(lua, t, key);
  if (lua_isstring(lua, -1)) {
    size_t len;
    const char *s = lua_tolstring(lua, -1, &len);
    rc = pbw_bytes(b, tag, s, len);
  }
  lua_pop(lua, 1);
  return rc ? FULL : 0;
}

static int encode_int(lua_State *lua, hs_buffer *b, int t, int key, unsigned tag)
{
  int rc = 0;
  get_key(lua, t, key);
  if (lua_isnumber(lua, -1)) {
    rc = pbw_tag(b, tag, 0) || pbw_varint(b, (uint64_t)(int64_t)lua_tonumber(lua, -1));
  }
  lua_pop(lua, 1);
  return rc ? FULL : 0;
}

/* Table → Heka message, headers in field-number order; `gaps` notes the inheritable headers
 * left out. */
static int encode_table(lua_State *lua, hs_buffer *b, int t, hs_gaps *gaps)
{
  b->pos = 0;
  int rc;
  get_key(lua, t, K_UUID);
  size_t len = 0;
  const char *uuid = lua_type(lua, -1) == LUA_TSTRING ? lua_tolstring(lua, -1, &len) : NULL;
  rc = (uuid && len == 16) ? pbw_bytes(b, MSG_UUID, uuid, 16) : pbw_random_uuid(b);
  lua_pop(lua, 1);
  if (rc) return FULL;

  get_key(lua, t, K_TIMESTAMP);
  /* Heka's default: the current time, to the whole second */
  double ts = lua_isnumber(lua, -1) ? lua_tonumber(lua, -1) : (double)time(NULL) * 1e9;
  lua_pop(lua, 1);
  if (pbw_tag(b, MSG_TIMESTAMP, 0) || pbw_varint(b, (uint64_t)(int64_t)ts)) return FULL;

  static const struct { int key; unsigned tag; int numeric; } headers[] = {
    { K_TYPE, MSG_TYPE, 0 }, { K_LOGGER, MSG_LOGGER, 0 }, { K_SEVERITY, MSG_SEVERITY, 1 },
    { K_PAYLOAD, MSG_PAYLOAD, 0 }, { K_ENV_VERSION, MSG_ENV_VERSION, 0 }, { K_PID, MSG_PID, 1 },
    { K_HOSTNAME, MSG_HOSTNAME, 0 }
  };
  gaps->missing = 0;
  for (size_t i = 0; i < sizeof headers / sizeof headers[0]; ++i) {
    size_t pos = b->pos;
    rc = headers[i].numeric ? encode_int(lua, b, t, headers[i].key, headers[i].tag)
                            : encode_string(lua, b, t, headers[i].key, headers[i].tag);
    if (rc) return rc;
    if (b->pos == pos && hs_inheritable(headers[i].tag)) {
      gaps->missing |= 1u << headers[i].tag;
      gaps->at[headers[i].tag] = pos;
    }
  }
  return encode_fields(lua, b, t);
}

/* Protobuf bytes from a script are checked to parse before the host sees them. */
static int valid_message(const char *s, size_t len)
{
  pb_reader r = { (const uint8_t *)s, (const uint8_t *)s + len };
  pb_item it;
  if (len == 0) return 0;
  while (r.p < r.end) {
    if (!pb_next(&r, &it)) return 0;
    int varint_tag = it.tag == MSG_TIMESTAMP || it.tag == MSG_SEVERITY || it.tag == MSG_PID;
    if (it.tag >= 1 && it.tag <= 10 && it.wire != (varint_tag ? 0u : 2u)) return 0;
  }
  return 1;
}

/* luaL_error with the position of the Lua function `level` calls up (luaL_error's is 1) */
static int raise(lua_State *lua, int level, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  luaL_where(lua, level);
  lua_pushvfstring(lua, fmt, ap);
  va_end(ap);
  lua_concat(lua, 2);
  return lua_error(lua);
}

static int hand_to_host(lua_State *lua, int level, const char *fn, const char *data, size_t len, int kind)
{
  switch (hs_host_inject(data, len, kind)) {
  case 0: return 0;
  case 1: return raise(lua, level, "%s() exceeded InjectMessage count", fn);
  case 2: return raise(lua, level, "%s() exceeded MaxMsgLoops", fn);
  case 3:
    return raise(lua, level, "%s() creates a circular reference (matches this plugin's "
                           "message_matcher)", fn);
  case 4: return raise(lua, level, "%s() attempted to inject a invalid protobuf string", fn);
  default: return raise(lua, level, "%s() aborted", fn);
  }
}

int hs_encode_value(lua_State *lua, hs_buffer *b, const char *rep, int value_type)
{
  return encode_value(lua, b, rep, value_type);
}

int hs_encode_string(hs_buffer *b, const char *rep, const char *s, size_t len)
{
  int rc = field_header(b, TYPE_STRING, 0, rep);
  return rc ? rc : pbw_bytes(b, FIELD_STRING, s, len) ? FULL : 0;
}

int hs_push_inject_keys(lua_State *lua)
{
  for (int k = 1; k <= KEY_COUNT; ++k) lua_pushstring(lua, key_names[k]);
  return KEY_COUNT;
}

int hs_inject_encoded(lua_State *lua, int level, int rc, const hs_gaps *gaps)
{
  switch (rc) {
  case 0: break;
  case FULL: hs.output.pos = 0; return raise(lua, level, "output_limit exceeded");
  default:
    hs.output.pos = 0;
    return raise(lua, level, "inject_message() could not encode protobuf - %s", why);
  }
  size_t len = hs.output.pos;
  hs.output.pos = 0;
  const char *s = hs_inherit_merge(hs.output.data, &len, gaps);
  return hand_to_host(lua, level, "inject_message", s, len, HS_INJECT_MESSAGE);
}

static int inject_message(lua_State *lua)
{
  if (lua_gettop(lua) != 1) return luaL_error(lua, "inject_message() takes a single argument");
  size_t len;
  const char *s;
  switch (lua_type(lua, 1)) {
  case LUA_TSTRING:
    s = lua_tolstring(lua, 1, &len);
    if (!valid_message(s, len)) {
      return luaL_error(lua, "inject_message() attempted to inject a invalid protobuf string");
    }
    return hand_to_host(lua, 1, "inject_message", s, len, HS_INJECT_MESSAGE);
  case LUA_TTABLE: {
    why[0] = 0;
    hs_gaps gaps;
    return hs_inject_encoded(lua, 1, encode_table(lua, &hs.output, 1, &gaps), &gaps);
  }
  default:
    return luaL_typerror(lua, 1, "string or table");
  }
}

static int64_t now_ns(void)
{
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  return (int64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* The output buffer becomes the payload of a heka.sandbox-output message. */
static int inject_payload(lua_State *lua)
{
  int n = lua_gettop(lua);
  size_t tlen = 3, nlen = 0;
  const char *type = "txt", *name = "";
  if (n >= 1 && !lua_isnil(lua, 1)) type = luaL_checklstring(lua, 1, &tlen);
  if (tlen == 0) {
    type = "txt";
    tlen = 3;
  }
  if (n >= 2 && !lua_isnil(lua, 2)) name = luaL_checklstring(lua, 2, &nlen);
  for (int i = 3; i <= n; ++i) hs_append_value(lua, &hs.output, i);
  if (hs.output.pos == 0) return 0;
  if (hs.payload_only) { /* an encoder's output is the payload itself */
    size_t len = hs.output.pos;
    hs.output.pos = 0;
    return hand_to_host(lua, 1, "inject_payload", hs.output.data, len, HS_INJECT_PAYLOAD);
  }

  hs_buffer *b = &hs.scratch;
  b->pos = 0;
  size_t mark;
  static const char out_type[] = "heka.sandbox-output";
  int full = pbw_random_uuid(b) || pbw_tag(b, MSG_TIMESTAMP, 0) || pbw_varint(b, (uint64_t)now_ns())
    || pbw_bytes(b, MSG_TYPE, out_type, sizeof out_type - 1)
    || (hs.logger && pbw_bytes(b, MSG_LOGGER, hs.logger, strlen(hs.logger)))
    || pbw_tag(b, MSG_SEVERITY, 0) || pbw_varint(b, 7)
    || pbw_bytes(b, MSG_PAYLOAD, hs.output.data, hs.output.pos)
    || (hs.hostname && pbw_bytes(b, MSG_HOSTNAME, hs.hostname, strlen(hs.hostname)))
    || pbw_open(b, MSG_FIELDS, &mark) || pbw_bytes(b, FIELD_NAME, "payload_type", 12)
    || pbw_bytes(b, FIELD_STRING, type, tlen) || pbw_close(b, mark)
    || pbw_open(b, MSG_FIELDS, &mark) || pbw_bytes(b, FIELD_NAME, "payload_name", 12)
    || pbw_bytes(b, FIELD_STRING, name, nlen) || pbw_close(b, mark);
  hs.output.pos = 0;
  if (full) return luaL_error(lua, "inject_payload() out of memory");
  return hand_to_host(lua, 1, "inject_payload", b->data, b->pos, HS_INJECT_PAYLOAD);
}

void hs_open_inject(lua_State *lua)
{
  lua_pushcclosure(lua, inject_message, hs_push_inject_keys(lua));
  lua_setglobal(lua, "inject_message");
  lua_register(lua, "inject_payload", inject_payload);
}
