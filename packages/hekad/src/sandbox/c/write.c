/* write_message (decoders and encoders): edits the current message. The bytes are rebuilt with
 * the change applied, into one of two buffers owned here, and the host reads them back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hs.h"
#include "lauxlib.h"
#include "pb.h"
#include "pbw.h"

static hs_buffer copies[2]; /* the rebuilt message alternates between these */
static int modified;

typedef struct {
  const uint8_t *data; /* STRING/BYTES */
  size_t len;
  uint64_t varint;     /* INTEGER/BOOL */
  double d;            /* DOUBLE */
} element;

typedef struct {
  element *v;
  size_t n, cap;
} elements;

static int push_element(elements *e, element x)
{
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 8;
    element *p = realloc(e->v, cap * sizeof *p);
    if (!p) return 1;
    e->v = p;
    e->cap = cap;
  }
  e->v[e->n++] = x;
  return 0;
}

typedef struct {
  const uint8_t *start, *end; /* the whole Fields item in the message */
  const uint8_t *name, *rep;
  size_t name_len, rep_len;
  int value_type;
  elements values;
} field;

/* The values of a Field item's body, in order. */
static int read_field(const uint8_t *data, size_t len, field *f)
{
  static const unsigned tags[] = { 4, 5, 6, 7, 8 };
  pb_reader r = { data, data + len };
  pb_item it;
  f->value_type = 0;
  f->name = f->rep = NULL;
  f->name_len = f->rep_len = 0;
  while (r.p < r.end) {
    if (!pb_next(&r, &it)) return 1;
    if (it.tag == 1 && it.wire == 2) { f->name = it.data; f->name_len = it.len; }
    else if (it.tag == 2 && it.wire == 0) f->value_type = (int)it.varint;
  }
  if (f->value_type < 0 || f->value_type > 4) return 1;
  unsigned tag = tags[f->value_type];
  r.p = data;
  while (r.p < r.end) {
    pb_next(&r, &it);
    if (it.tag == 3 && it.wire == 2) { f->rep = it.data; f->rep_len = it.len; }
    if (it.tag != tag) continue;
    element x = { 0 };
    if (tag <= 5) {
      x.data = it.data;
      x.len = it.len;
      if (push_element(&f->values, x)) return 1;
    } else if (it.wire != 2) {
      x.varint = it.varint;
      if (it.wire == 1) memcpy(&x.d, it.data, 8);
      if (push_element(&f->values, x)) return 1;
    } else {
      pb_reader pr = { it.data, it.data + it.len };
      while (pr.p < pr.end) {
        if (tag == 7) {
          if (pr.end - pr.p < 8) return 1;
          memcpy(&x.d, pr.p, 8);
          pr.p += 8;
        } else if (!pb_varint(&pr, &x.varint)) {
          return 1;
        }
        if (push_element(&f->values, x)) return 1;
      }
    }
  }
  return 0;
}

/* A Field as Heka's Go code marshals it: type and representation always, numbers packed. */
static int write_field(hs_buffer *b, const field *f)
{
  size_t mark, inner;
  if (pbw_open(b, MSG_FIELDS, &mark) || pbw_bytes(b, 1, (const char *)f->name, f->name_len)
      || pbw_tag(b, 2, 0) || pbw_varint(b, (uint64_t)f->value_type)
      || pbw_bytes(b, 3, f->rep ? (const char *)f->rep : "", f->rep_len)) {
    return 1;
  }
  if (f->value_type <= TYPE_BYTES) {
    for (size_t i = 0; i < f->values.n; ++i) {
      if (pbw_bytes(b, f->value_type == TYPE_STRING ? 4 : 5, (const char *)f->values.v[i].data, f->values.v[i].len)) return 1;
    }
  } else if (f->values.n > 0) {
    if (pbw_open(b, (unsigned)(FIELD_INTEGER + f->value_type - TYPE_INTEGER), &inner)) return 1;
    for (size_t i = 0; i < f->values.n; ++i) {
      int rc = f->value_type == TYPE_DOUBLE ? pbw_double(b, f->values.v[i].d) : pbw_varint(b, f->values.v[i].varint);
      if (rc) return 1;
    }
    if (pbw_close(b, inner)) return 1;
  }
  return pbw_close(b, mark);
}

/* The current message with [cut_start, cut_end) replaced by `insert` (header edits pass tag > 0:
 * every item with that tag is dropped and `insert` goes where the tag belongs). */
static int rebuild(const uint8_t *cut_start, const uint8_t *cut_end, unsigned tag, const hs_buffer *insert)
{
  hs_buffer *b = hs.msg == (const uint8_t *)copies[0].data ? &copies[1] : &copies[0];
  b->pos = 0;
  pb_reader r = { hs.msg, hs.msg + hs.msg_len };
  pb_item it;
  int placed = 0;
  while (r.p < r.end) {
    const uint8_t *start = r.p;
    if (!pb_next(&r, &it)) return 1;
    if (tag) {
      if (it.tag == tag) continue;
      if (!placed && it.tag > tag) {
        if (hs_buffer_append(b, insert->data, insert->pos)) return 1;
        placed = 1;
      }
    } else if (start == cut_start) {
      if (insert && hs_buffer_append(b, insert->data, insert->pos)) return 1;
      placed = 1;
      r.p = cut_end;
      continue;
    }
    if (hs_buffer_append(b, (const char *)start, (size_t)(r.p - start))) return 1;
  }
  if (!placed && insert && hs_buffer_append(b, insert->data, insert->pos)) return 1;
  hs.msg = (const uint8_t *)b->data;
  hs.msg_len = b->pos;
  modified = 1;
  return 0;
}

static int parse_uuid(const char *s, uint8_t *u)
{
  size_t n = 0;
  for (const char *p = s; *p; ++p) {
    if (*p == '-') continue;
    int hi = *p, lo = p[1];
    if (!lo) return 1;
    char hex[3] = { (char)hi, (char)lo, 0 };
    char *end;
    long v = strtol(hex, &end, 16);
    if (*end || n >= 16) return 1;
    u[n++] = (uint8_t)v;
    ++p;
  }
  return n != 16;
}

/* Go's strconv.ParseInt(s, 0, bits): decimal, 0x hex or 0 octal, the whole string. */
static int parse_int(const char *s, int64_t *v, int bits)
{
  if (!*s) return 1;
  char *end;
  errno = 0;
  long long x = strtoll(s, &end, 0);
  if (*end || errno) return 1;
  if (bits == 32 && (x < INT32_MIN || x > INT32_MAX)) return 1;
  *v = x;
  return 0;
}

static int write_header(lua_State *lua, const char *name)
{
  static const struct { const char *name; unsigned tag; } strings[] = {
    { "Type", MSG_TYPE }, { "Logger", MSG_LOGGER }, { "Payload", MSG_PAYLOAD },
    { "EnvVersion", MSG_ENV_VERSION }, { "Hostname", MSG_HOSTNAME }, { NULL, 0 }
  };
  hs_buffer item = { 0 };
  int t = lua_type(lua, 2), rc = 1;
  size_t len;
  for (int i = 0; strings[i].name; ++i) {
    if (strcmp(name, strings[i].name) == 0) {
      if (t != LUA_TSTRING) return 1;
      const char *s = lua_tolstring(lua, 2, &len);
      rc = pbw_bytes(&item, strings[i].tag, s, len) || rebuild(NULL, NULL, strings[i].tag, &item);
      free(item.data);
      return rc;
    }
  }
  int64_t v = 0;
  unsigned tag = 0;
  if (strcmp(name, "Uuid") == 0) {
    uint8_t u[16];
    if (t != LUA_TSTRING || parse_uuid(lua_tostring(lua, 2), u)) return 1;
    rc = pbw_bytes(&item, MSG_UUID, (const char *)u, 16) || rebuild(NULL, NULL, MSG_UUID, &item);
    free(item.data);
    return rc;
  }
  if (strcmp(name, "Timestamp") == 0) tag = MSG_TIMESTAMP;
  else if (strcmp(name, "Severity") == 0) tag = MSG_SEVERITY;
  else if (strcmp(name, "Pid") == 0) tag = MSG_PID;
  else return 1;
  if (t == LUA_TNUMBER) {
    double d = lua_tonumber(lua, 2);
    v = tag == MSG_TIMESTAMP ? (int64_t)d : (int64_t)(int32_t)d;
  } else if (t != LUA_TSTRING || parse_int(lua_tostring(lua, 2), &v, tag == MSG_TIMESTAMP ? 64 : 32)) {
    return 1; /* Heka also took date strings for Timestamp; not supported here */
  }
  rc = pbw_tag(&item, tag, 0) || pbw_varint(&item, (uint64_t)v) || rebuild(NULL, NULL, tag, &item);
  free(item.data);
  return rc;
}

/* Fields[name]: overwrite, extend by one, create at fi == count, or delete (value nil). */
static int write_field_value(lua_State *lua, const char *name, size_t name_len, const char *rep,
                             size_t fi, size_t ai, int has_ai)
{
  pb_reader r = { hs.msg, hs.msg + hs.msg_len };
  pb_item it;
  size_t count = 0;
  field f = { 0 };
  int found = 0, rc = 1, t = lua_type(lua, 2);
  while (r.p < r.end) {
    const uint8_t *start = r.p;
    if (!pb_next(&r, &it)) return 1;
    if (it.tag != MSG_FIELDS || it.wire != 2) continue;
    field probe = { 0 };
    if (read_field(it.data, it.len, &probe)) { free(probe.values.v); return 1; }
    int same = probe.name_len == name_len && memcmp(probe.name, name, name_len) == 0;
    if (same && count++ == fi) {
      f = probe;
      f.start = start;
      f.end = r.p;
      found = 1;
    } else {
      free(probe.values.v);
    }
  }
  hs_buffer item = { 0 };
  element x = { 0 };
  size_t len = 0;
  if (t == LUA_TSTRING) {
    x.data = (const uint8_t *)lua_tolstring(lua, 2, &len);
    x.len = len;
  } else if (t == LUA_TNUMBER) {
    x.d = lua_tonumber(lua, 2);
  } else if (t == LUA_TBOOLEAN) {
    x.varint = (uint64_t)lua_toboolean(lua, 2);
  }
  if (t == LUA_TNIL) {
    if (count == 0) return 0; /* deleting what is not there is a no-op */
    if (!found) return 1;
    if (!has_ai) {
      rc = rebuild(f.start, f.end, 0, NULL);
    } else if (ai < f.values.n) {
      memmove(&f.values.v[ai], &f.values.v[ai + 1], (f.values.n - ai - 1) * sizeof(element));
      f.values.n--;
      rc = write_field(&item, &f) || rebuild(f.start, f.end, 0, &item);
    }
  } else if (!found) {
    if (fi != count || ai != 0) return 1; /* only the next field may be created */
    field nf = { 0 };
    nf.name = (const uint8_t *)name;
    nf.name_len = name_len;
    nf.rep = (const uint8_t *)rep;
    nf.rep_len = strlen(rep);
    nf.value_type = t == LUA_TSTRING ? TYPE_STRING : t == LUA_TNUMBER ? TYPE_DOUBLE : TYPE_BOOL;
    rc = push_element(&nf.values, x) || write_field(&item, &nf) || rebuild(NULL, NULL, 0, &item);
    free(nf.values.v);
  } else {
    int want = t == LUA_TSTRING ? TYPE_STRING : t == LUA_TNUMBER ? TYPE_DOUBLE : TYPE_BOOL;
    if (f.value_type == want && ai <= f.values.n) { /* the field keeps its type */
      if (ai == f.values.n) rc = push_element(&f.values, x);
      else { f.values.v[ai] = x; rc = 0; }
      f.rep = (const uint8_t *)rep;
      f.rep_len = strlen(rep);
      rc = rc || write_field(&item, &f) || rebuild(f.start, f.end, 0, &item);
    }
  }
  free(f.values.v);
  free(item.data);
  return rc;
}

static int write_message(lua_State *lua)
{
  int n = lua_gettop(lua);
  if (n < 2 || n > 5) return luaL_error(lua, "write_message() incorrect number of arguments");
  size_t len;
  const char *name = luaL_checklstring(lua, 1, &len);
  int t = lua_type(lua, 2);
  const char *rep = luaL_optstring(lua, 3, "");
  lua_Number fi = luaL_optnumber(lua, 4, 0);
  luaL_argcheck(lua, fi >= 0, 4, "field index must be >= 0");
  lua_Number ai = luaL_optnumber(lua, 5, 0);
  luaL_argcheck(lua, ai >= 0, 5, "array index must be >= 0");
  if (t != LUA_TSTRING && t != LUA_TNUMBER && t != LUA_TBOOLEAN && t != LUA_TNIL) {
    return luaL_error(lua, "write_message() only accepts numeric, string, or boolean field values, or nil to delete");
  }
  int failed = 1;
  if (hs.msg) {
    hs_record_needed(lua);
    if (len > 8 && memcmp(name, "Fields[", 7) == 0 && name[len - 1] == ']') {
      failed = write_field_value(lua, name + 7, len - 8, rep, (size_t)fi, (size_t)ai, n >= 5);
    } else if (t != LUA_TNIL) {
      failed = write_header(lua, name);
    }
  }
  if (failed) return luaL_error(lua, "write_message() failed");
  return 0;
}

/* Called when process_message starts: the host's bytes are the message again. */
void hs_message_reset(void) { modified = 0; }

/* After process_message: the length of the edited message, or -1 when write_message was not used. */
HS_EXPORT int hs_message_modified(void) { return modified ? (int)hs.msg_len : -1; }
HS_EXPORT const uint8_t *hs_message_data(void) { return hs.msg_edited; }

void hs_open_write(lua_State *lua)
{
  lua_register(lua, "write_message", write_message);
}
