/* strtod for the common case: [space][sign]digits[.digits] with at most 15 significant digits,
 * not followed by an exponent, a hex prefix or more digits. Such a value is an integer below
 * 2^53 divided by an exact power of ten, so one IEEE division rounds it exactly as strtod does. */
#include <stdint.h>
#include <stdlib.h>

#undef strtod
double strtod(const char *s, char **end); /* musl's (the header's name was redirected) */

static const double powers_of_ten[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                        1e11, 1e12, 1e13, 1e14, 1e15 };

static int is_digit(char c) { return c >= '0' && c <= '9'; }

double hs_strtod(const char *s, char **end)
{
  const char *p = s;
  while (*p == ' ' || (*p >= '\t' && *p <= '\r')) p++;
  int negative = *p == '-';
  if (*p == '-' || *p == '+') p++;
  uint64_t mantissa = 0;
  int digits = 0, fraction = 0;
  for (; is_digit(*p) && digits < 15; p++, digits++) mantissa = mantissa * 10 + (uint64_t)(*p - '0');
  if (*p == '.') {
    for (p++; is_digit(*p) && digits < 15; p++, digits++, fraction++) {
      mantissa = mantissa * 10 + (uint64_t)(*p - '0');
    }
  }
  if (digits == 0 || is_digit(*p) || *p == 'e' || *p == 'E' || *p == 'x' || *p == 'X') {
    return strtod(s, end);
  }
  double value = (double)mantissa / powers_of_ten[fraction];
  if (end) *end = (char *)p;
  return negative ? -value : value;
}
