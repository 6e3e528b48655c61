/* The Heka sandbox core: one Lua 5.1 state per wasm instance, limits enforced here.
 * Our own code (MIT, like the rest of the project); Lua, LPeg and lua-cjson are linked in. */
#ifndef HS_H
#define HS_H

#include <stddef.h>
#include <stdint.h>
#include "lua.h"

#define HS_EXPORT __attribute__((used, visibility("default")))
#define HS_IMPORT(name) __attribute__((import_module("hs"), import_name(name)))
#define HS_ERROR_SIZE 256 /* Heka's LSB_ERROR_SIZE: longer messages are cut */

enum hs_state { HS_UNKNOWN = 0, HS_RUNNING = 1, HS_TERMINATED = 2 };
enum hs_usage_type { HS_MEMORY = 0, HS_INSTRUCTIONS = 1, HS_OUTPUT = 2 };
enum hs_usage_stat { HS_LIMIT = 0, HS_CURRENT = 1, HS_MAXIMUM = 2 };

/* What hs_inject hands the host: a whole message either way. */
enum hs_inject_kind { HS_INJECT_MESSAGE = 0, HS_INJECT_PAYLOAD = 1 };

typedef struct {
  char *data;
  size_t pos, size;
} hs_buffer;

typedef struct {
  lua_State *lua;
  enum hs_state state;
  size_t usage[3][3];
  char error[HS_ERROR_SIZE];
  hs_buffer output;     /* add_to_payload text, then the serialised message */
  hs_buffer scratch;    /* inject_payload builds its message here */
  const uint8_t *msg;   /* the current message (protobuf), NULL outside process_message */
  size_t msg_len;
  size_t next_field;    /* read_next_field's position in msg */
  const uint8_t *msg_edited; /* the message after process_message, when write_message changed it */
  char *module_path;    /* ";"-separated directories */
  char *logger, *hostname; /* headers of inject_payload messages */
  uint64_t rng[2];
  int payload_only;     /* encoders: inject_payload hands over the payload alone */
} hs_sandbox;

extern hs_sandbox hs; /* one sandbox per wasm instance */

/* host imports */
HS_IMPORT("inject") int hs_host_inject(const char *data, size_t len, int kind);
HS_IMPORT("read_file") int hs_host_read_file(const char *path, size_t len, char **out);
/* the current record as protobuf, written through hs_message_buffer; returns its length or -1 */
HS_IMPORT("record") int hs_host_record(void);

/* sandbox.c */
void hs_set_error(const char *fmt, ...);
void hs_terminate(const char *fmt, ...);
uint64_t hs_random64(void);

/* env.c */
typedef struct {
  const char *name;
  lua_CFunction open;
  const char *const *removed;
  int global; /* Heka sets a global of the module's name for its C modules */
} builtin;

int hs_open_env(lua_State *lua);
int hs_open_builtin(lua_State *lua, const builtin *b);

/* io_kinds.c */
const builtin *hs_kind_builtin(const char *name);
int hs_load_chunk(lua_State *lua, const char *src, size_t len, const char *chunkname);

/* output.c */
int hs_buffer_reserve(hs_buffer *b, size_t needed);
int hs_buffer_append(hs_buffer *b, const char *s, size_t len);
int hs_append_number(hs_buffer *b, double d);
int hs_append_value(lua_State *lua, hs_buffer *b, int index);
void hs_open_output(lua_State *lua);

/* message.c */
void hs_open_message(lua_State *lua);

/* decode.c */
void hs_open_decode(lua_State *lua);

/* write.c */
void hs_open_write(lua_State *lua);
void hs_message_reset(void);

/* sandbox.c: *buf with room for len bytes (at least `least`); NULL when out of memory */
uint8_t *hs_grow(uint8_t **buf, size_t *cap, size_t len, size_t least);
/* sandbox.c: the buffer the record is copied into, and the call */
uint8_t *hs_message_buffer(size_t len);
int hs_process_message(size_t len);

/* payload_record.c: during hs_process_payload, the payload (1) until the record is fetched */
int hs_record_payload(const uint8_t **data, size_t *len);
void hs_record_needed(lua_State *lua);

/* inject.c */
void hs_open_inject(lua_State *lua);

/* lpeg_pattern.c: LPeg's pattern argument check, with the metatable cached per state. */
void hs_lpeg_forget(void);
void *hs_lpeg_checkpattern(lua_State *L, int idx);

#endif
