/* inherit.c: the record's headers merged into a decoder's injected messages. */
#ifndef HS_INHERIT_H
#define HS_INHERIT_H

#include <stddef.h>

/* The headers a table left out: bit `tag` of missing, and where in the encoded message each
 * would have been written. */
typedef struct {
  unsigned missing;
  size_t at[10];
} hs_gaps;

int hs_inheritable(unsigned tag);
/* msg (len bytes) with the inherited headers its gaps lack; sets *len (msg itself when none) */
const char *hs_inherit_merge(const char *msg, size_t *len, const hs_gaps *gaps);

#endif
