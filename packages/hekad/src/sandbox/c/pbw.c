/* Protobuf encoding primitives for inject.c. */
#include <string.h>

#include "pbw.h"

int pbw_varint(hs_buffer *b, uint64_t v)
{
  char s[10];
  size_t n = 0;
  do {
    s[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v);
  return hs_buffer_append(b, s, n);
}

int pbw_tag(hs_buffer *b, unsigned tag, unsigned wire)
{
  return pbw_varint(b, (uint64_t)(tag << 3 | wire));
}

int pbw_bytes(hs_buffer *b, unsigned tag, const char *s, size_t len)
{
  return pbw_tag(b, tag, 2) || pbw_varint(b, len) || hs_buffer_append(b, s, len);
}

int pbw_double(hs_buffer *b, double d)
{
  char s[8];
  memcpy(s, &d, 8); /* wasm is little-endian, like the wire format */
  return hs_buffer_append(b, s, 8);
}

int pbw_open(hs_buffer *b, unsigned tag, size_t *mark)
{
  if (pbw_tag(b, tag, 2) || hs_buffer_append(b, "", 1)) return 1;
  *mark = b->pos; /* the body starts after the one byte kept for its length */
  return 0;
}

/* Most bodies are < 128 bytes and fit the kept byte; longer ones shift right to make room. */
int pbw_close(hs_buffer *b, size_t mark)
{
  size_t len = b->pos - mark;
  char s[10];
  size_t n = 0;
  uint64_t v = len;
  do {
    s[n++] = (char)((v & 0x7f) | (v > 0x7f ? 0x80 : 0));
    v >>= 7;
  } while (v);
  if (n > 1) {
    if (hs_buffer_reserve(b, n - 1)) return 1;
    memmove(b->data + mark + n - 1, b->data + mark, len);
    b->pos += n - 1;
    if (b == &hs.output && b->pos > hs.usage[HS_OUTPUT][HS_MAXIMUM]) {
      hs.usage[HS_OUTPUT][HS_MAXIMUM] = b->pos;
    }
  }
  memcpy(b->data + mark - 1, s, n);
  return 0;
}

int pbw_random_uuid(hs_buffer *b)
{
  uint64_t r[2] = { hs_random64(), hs_random64() };
  uint8_t u[16];
  memcpy(u, r, 16);
  u[6] = (u[6] & 0x0f) | 0x40; /* version 4 */
  u[8] = (u[8] & 0x3f) | 0x80; /* RFC 4122 variant */
  return pbw_bytes(b, 1, (const char *)u, 16);
}
