/* Protobuf encoding primitives for inject.c. Each item is reserved once and written in place:
 * tags and lengths are a byte or two, too small to be worth a memcpy call each. */
#include <string.h>

#include "pbw.h"

static size_t varint_size(uint64_t v)
{
  size_t n = 1;
  for (; v > 0x7f; v >>= 7) ++n;
  return n;
}

static char *put_varint(char *p, uint64_t v)
{
  for (; v > 0x7f; v >>= 7) *p++ = (char)((v & 0x7f) | 0x80);
  *p++ = (char)v;
  return p;
}

/* n more bytes of b (the output buffer's usage noted, as hs_buffer_append does); NULL when full */
static char *claim(hs_buffer *b, size_t n)
{
  if (hs_buffer_reserve(b, n)) return NULL;
  char *p = b->data + b->pos;
  b->pos += n;
  if (b == &hs.output) {
    hs.usage[HS_OUTPUT][HS_CURRENT] = b->pos;
    if (b->pos > hs.usage[HS_OUTPUT][HS_MAXIMUM]) hs.usage[HS_OUTPUT][HS_MAXIMUM] = b->pos;
  }
  return p;
}

int pbw_varint(hs_buffer *b, uint64_t v)
{
  char *p = claim(b, varint_size(v));
  if (!p) return 1;
  put_varint(p, v);
  return 0;
}

int pbw_tag(hs_buffer *b, unsigned tag, unsigned wire)
{
  return pbw_varint(b, (uint64_t)(tag << 3 | wire));
}

int pbw_bytes(hs_buffer *b, unsigned tag, const char *s, size_t len)
{
  uint64_t key = tag << 3 | 2;
  char *p = claim(b, varint_size(key) + varint_size(len) + len);
  if (!p) return 1;
  p = put_varint(put_varint(p, key), len);
  memcpy(p, s, len);
  return 0;
}

int pbw_double(hs_buffer *b, double d)
{
  char *p = claim(b, 8);
  if (!p) return 1;
  memcpy(p, &d, 8); /* wasm is little-endian, like the wire format */
  return 0;
}

int pbw_open(hs_buffer *b, unsigned tag, size_t *mark)
{
  uint64_t key = tag << 3 | 2;
  char *p = claim(b, varint_size(key) + 1);
  if (!p) return 1;
  *put_varint(p, key) = 0;
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
  for (size_t i = 0; i < n; ++i) b->data[mark - 1 + i] = s[i];
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
