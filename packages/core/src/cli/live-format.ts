// Short, fixed-width renderings of counts, rates, durations and sizes for the live views (hekad -tui, heka-flood).

const UNITS = ['', 'k', 'M', 'G', 'T'];

/** 999 → "999", 12345 → "12.3k", 4_500_000 → "4.5M". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  let value = Math.abs(n);
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 ? (Number.isInteger(value) ? 0 : 1) : value < 99.95 ? 1 : 0;
  return `${n < 0 ? '-' : ''}${value.toFixed(digits)}${UNITS[unit]}`;
}

/** Nanoseconds as "850ns", "12.3µs", "4.1ms", "2.0s"; undefined (not measured) as "–". */
export function formatDuration(ns: number | undefined): string {
  if (ns === undefined || !Number.isFinite(ns)) return '–';
  if (ns < 1000) return `${Math.round(ns)}ns`;
  if (ns < 1e6) return `${(ns / 1e3).toFixed(1)}µs`;
  if (ns < 1e9) return `${(ns / 1e6).toFixed(1)}ms`;
  return `${(ns / 1e9).toFixed(1)}s`;
}

/** Bytes in MB with one decimal ("85.2 MB"). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Milliseconds as "h:mm:ss" (days prefixed as "2d "). */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const clock = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

const BARS = '▁▂▃▄▅▆▇█';

/** One bar per value, scaled to the largest; a flat zero series is a row of the lowest bar. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((v) => (max <= 0 || v <= 0 ? BARS[0]! : BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))]!))
    .join('');
}

/** Pads or cuts text to exactly `width` columns (cut text ends with "…"). */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  if (text.length > width) return width <= 1 ? text.slice(0, width) : `${text.slice(0, width - 1)}…`;
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}
