import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { FloodView } from './FloodView.js';
import { initialViewState, logged, sampled } from './state.js';

const frame = (r: { lastFrame(): string | undefined }): string => stripVTControlCharacters(r.lastFrame() ?? '');

describe('FloodView', () => {
  it('shows target, elapsed time, msg/s and Mbit/s with sparklines, counts, and log lines above', () => {
    let s = initialViewState('default', 'tcp 127.0.0.1:5565', 0);
    const rates = [[10_000, 10_000_000], [40_000, 20_000_000], [45_000, 30_000_000]];
    let sent = 0;
    let bytes = 0;
    rates.forEach(([n, b], i) => {
      sent += n!;
      bytes += b!;
      s = sampled(s, { now: (i + 1) * 1000, counters: { sent, bytes }, stats: { sent: sent - 5, bytes, errors: 2, reconnects: 1 }, queued: 5 }, 0);
    });
    s = logged(s, 'error', 'Error sending message: write tcp 127.0.0.1:5565: write: broken pipe');
    const r = render(<FloodView state={s} />);
    const text = frame(r);
    r.unmount();
    expect(text).toContain('Error sending message: write tcp 127.0.0.1:5565: write: broken pipe');
    expect(text).toMatch(/heka-flood\s+test default\s+→ tcp 127\.0\.0\.1:5565\s+elapsed 0:00:03/);
    // 60 bars: 57 idle, then the three samples scaled to the largest.
    expect(text).toMatch(/msg\/s\s+45\.0k ▁{57}▃▇█/);
    expect(text).toMatch(/Mbit\/s\s+240\.0 ▁{57}▃▆█/);
    expect(text).toMatch(/sent 95000\s+delivered 94995\s+queued 5\s+errors 2\s+reconnects 1/);
    expect(text).toContain('q or Ctrl+C stops the flood');
  });
});
