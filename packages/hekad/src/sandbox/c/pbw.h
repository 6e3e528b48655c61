/* Protobuf writing into an hs_buffer; every function returns non-zero when the buffer is full. */
#ifndef HS_PBW_H
#define HS_PBW_H

#include "hs.h"

int pbw_varint(hs_buffer *b, uint64_t v);
int pbw_tag(hs_buffer *b, unsigned tag, unsigned wire);
int pbw_bytes(hs_buffer *b, unsigned tag, const char *s, size_t len);
int pbw_double(hs_buffer *b, double d);
/* A length-delimited item whose length is known only at the end: open, write, close. */
int pbw_open(hs_buffer *b, unsigned tag, size_t *mark);
int pbw_close(hs_buffer *b, size_t mark);
/* A random version 4 UUID, as field 1. */
int pbw_random_uuid(hs_buffer *b);

#endif
