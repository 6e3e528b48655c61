/* Decoders: a message injected from a table takes the record's Type, Logger, Severity, Pid and
 * Hostname wherever the table left them out (spec §5.6). The host hands over those headers,
 * encoded, when they change (hs_inherit); they are merged in here at their place in field-number
 * order, so the host gets the finished message and need not copy it again. */
#include <string.h>

#include "hs.h"
#include "inherit.h"
#include "pb.h"

static uint8_t *headers;
static size_t headers_cap;
static struct {
  size_t at, len; /* the whole item (tag included) in `headers`; len 0: none */
} parts[MSG_FIELDS];

/* Where the host writes the encoded headers before hs_inherit. */
HS_EXPORT uint8_t *hs_inherit_buffer(size_t len) { return hs_grow(&headers, &headers_cap, len, 64); }

/* len bytes of encoded headers (any other item is ignored); 0 stops the merging. */
HS_EXPORT void hs_inherit(size_t len)
{
  memset(parts, 0, sizeof parts);
  pb_reader r = { headers, headers + len };
  pb_item it;
  const uint8_t *start = r.p;
  while (len && pb_next(&r, &it)) {
    if (hs_inheritable(it.tag)) {
      parts[it.tag].at = (size_t)(start - headers);
      parts[it.tag].len = (size_t)(r.p - start);
    }
    start = r.p;
  }
}

int hs_inheritable(unsigned tag)
{
  return tag == MSG_TYPE || tag == MSG_LOGGER || tag == MSG_SEVERITY || tag == MSG_PID
    || tag == MSG_HOSTNAME;
}

int hs_message_modified(void); /* write.c */

const char *hs_inherit_merge(const char *msg, size_t *len, const hs_gaps *gaps)
{
  /* write_message edited the record during this call: the host merges its edited headers */
  if (hs_message_modified() >= 0) return msg;
  unsigned merged = 0;
  for (unsigned tag = MSG_TYPE; tag <= MSG_HOSTNAME; ++tag) {
    if ((gaps->missing & (1u << tag)) && parts[tag].len) merged |= 1u << tag;
  }
  if (!merged) return msg;
  hs_buffer *b = &hs.scratch;
  b->pos = 0;
  size_t from = 0;
  for (unsigned tag = MSG_TYPE; tag <= MSG_HOSTNAME; ++tag) {
    if (!(merged & (1u << tag))) continue;
    size_t at = gaps->at[tag];
    if (hs_buffer_append(b, msg + from, at - from)
        || hs_buffer_append(b, (const char *)headers + parts[tag].at, parts[tag].len)) {
      return msg; /* out of memory: the host merges them instead */
    }
    from = at;
  }
  if (hs_buffer_append(b, msg + from, *len - from)) return msg;
  *len = b->pos;
  return b->data;
}
