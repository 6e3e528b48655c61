/* Decoders get most records as their payload alone: the host need not encode a protobuf record
 * per line when the script only calls read_message("Payload"). Anything else that reads the
 * record (another read_message name, read_next_field, write_message) first fetches the whole
 * record from the host (the `record` import), once per call, so every read answers as Heka's. */
#include "hs.h"
#include "lauxlib.h"

static uint8_t *payload;
static size_t payload_cap, payload_len;
static int pending; /* the record has not been fetched during this call */

/* Where the host copies the payload before hs_process_payload. */
HS_EXPORT uint8_t *hs_payload_buffer(size_t len) { return hs_grow(&payload, &payload_cap, len, 1024); }

/* process_message over a record known by its payload (len bytes in the payload buffer). */
HS_EXPORT int hs_process_payload(size_t len)
{
  if (!hs_message_buffer(1)) return -1; /* hs.msg is set (to an empty record) during the call */
  payload_len = len;
  pending = 1;
  int rc = hs_process_message(0);
  pending = 0;
  return rc;
}

int hs_record_payload(const uint8_t **data, size_t *len)
{
  if (!pending) return 0;
  *data = payload;
  *len = payload_len;
  return 1;
}

void hs_record_needed(lua_State *lua)
{
  if (!pending) return;
  pending = 0;
  int len = hs_host_record();
  if (len < 0) luaL_error(lua, "the host could not provide the record");
  hs.msg = hs_message_buffer((size_t)len);
  hs.msg_len = (size_t)len;
}
