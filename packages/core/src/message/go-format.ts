// Go's text forms of values (strconv.Quote, %v of a float64) for encoders that print messages.

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\',
};

/** strconv.Quote: double quotes, Go escapes; printable Unicode is kept as it is. */
export function goQuote(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is escaped
  return '"' + s.replace(/[\x00-\x1f"\\\x7f-\x9f\u2028\u2029\ufffd]/g, (c) => {
    const short = SHORT_ESCAPES[c];
    if (short !== undefined) return short;
    const code = c.charCodeAt(0);
    // U+FFFD stands for invalid UTF-8 here (a lossy decode); Go prints it as the rune.
    if (code === 0xfffd) return c;
    return code < 0x80 ? '\\x' + code.toString(16).padStart(2, '0') : '\\u' + code.toString(16).padStart(4, '0');
  }) + '"';
}

/** fmt's %v of a float64 (%g, shortest digits): exponent form below 1e-4 and from 1e6, as Go prints 1e+06. */
export function goFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa = '', exp = '0'] = v.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 6) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(v);
}
