/* Forced into every source of the wasm (scripts/build-sandbox-wasm.sh, -include): strtod means
 * hs_strtod, which converts plain decimals (what tonumber() of log fields meets) itself and
 * leaves everything else to musl's strtod, whose long double arithmetic is emulated in wasm. */
#ifndef HS_FAST_STRTOD_H
#define HS_FAST_STRTOD_H
double hs_strtod(const char *s, char **end);
#define strtod hs_strtod
#endif
