/* A minimal protobuf reader over the Heka message bytes: no allocation, no copies. */
#ifndef HS_PB_H
#define HS_PB_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
  const uint8_t *p, *end;
} pb_reader;

typedef struct {
  unsigned tag, wire;
  uint64_t varint;          /* wire 0 */
  const uint8_t *data;      /* wire 1, 2, 5 */
  size_t len;
} pb_item;

/* Reads the next item; 0 at the end or on malformed input (which then reads as absent). */
int pb_next(pb_reader *r, pb_item *it);
int pb_varint(pb_reader *r, uint64_t *v);

/* Heka message and field tags */
enum {
  MSG_UUID = 1, MSG_TIMESTAMP = 2, MSG_TYPE = 3, MSG_LOGGER = 4, MSG_SEVERITY = 5,
  MSG_PAYLOAD = 6, MSG_ENV_VERSION = 7, MSG_PID = 8, MSG_HOSTNAME = 9, MSG_FIELDS = 10
};
enum {
  FIELD_NAME = 1, FIELD_VALUE_TYPE = 2, FIELD_REPRESENTATION = 3, FIELD_STRING = 4,
  FIELD_BYTES = 5, FIELD_INTEGER = 6, FIELD_DOUBLE = 7, FIELD_BOOL = 8
};
enum { TYPE_STRING = 0, TYPE_BYTES = 1, TYPE_INTEGER = 2, TYPE_DOUBLE = 3, TYPE_BOOL = 4 };

#endif
