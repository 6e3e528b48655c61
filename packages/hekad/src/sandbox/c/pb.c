/* Protobuf decoding primitives for message.c. */
#include "pb.h"

int pb_varint(pb_reader *r, uint64_t *v)
{
  uint64_t x = 0;
  for (int shift = 0; shift < 64 && r->p < r->end; shift += 7) {
    uint8_t b = *r->p++;
    x |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80)) {
      *v = x;
      return 1;
    }
  }
  return 0;
}

int pb_next(pb_reader *r, pb_item *it)
{
  uint64_t key, len;
  if (r->p >= r->end || !pb_varint(r, &key)) return 0;
  it->tag = (unsigned)(key >> 3);
  it->wire = (unsigned)(key & 7);
  switch (it->wire) {
  case 0: return pb_varint(r, &it->varint);
  case 1:
    if (r->end - r->p < 8) return 0;
    it->data = r->p;
    it->len = 8;
    r->p += 8;
    return 1;
  case 2:
    if (!pb_varint(r, &len) || len > (uint64_t)(r->end - r->p)) return 0;
    it->data = r->p;
    it->len = (size_t)len;
    r->p += len;
    return 1;
  case 5:
    if (r->end - r->p < 4) return 0;
    it->data = r->p;
    it->len = 4;
    r->p += 4;
    return 1;
  default: return 0;
  }
}
