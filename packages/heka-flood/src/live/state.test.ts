import { HISTORY, initialViewState, logged, sampled } from './state.js';

const stats = { sent: 0, bytes: 0, errors: 0, reconnects: 0 };

describe('flood view state', () => {
  it('turns samples into rates over the real interval and keeps the last minute of history', () => {
    let s = initialViewState('default', 'tcp 127.0.0.1:5565', 1000);
    s = sampled(s, { now: 2000, counters: { sent: 1000, bytes: 1_000_000 }, stats: { ...stats, sent: 990, errors: 1 }, queued: 10 }, 1000);
    expect(s).toMatchObject({ elapsedMs: 1000, msgRate: 1000, mbitRate: 8, sent: 1000, delivered: 990, queued: 10, errors: 1, msgHistory: [1000] });
    s = sampled(s, { now: 2500, counters: { sent: 2000, bytes: 1_500_000 }, stats: { ...stats, sent: 2000, reconnects: 1 }, queued: 0 }, 1000);
    expect(s).toMatchObject({ elapsedMs: 1500, msgRate: 2000, mbitRate: 8, reconnects: 1, msgHistory: [1000, 2000], mbitHistory: [8, 8] });
    for (let i = 0; i < HISTORY + 5; i++) s = sampled(s, { now: 3000 + i * 1000, counters: { sent: 2000, bytes: 1_500_000 }, stats, queued: 0 }, 1000);
    expect(s.msgHistory).toHaveLength(HISTORY);
    expect(s.msgRate).toBe(0);
  });

  it('numbers log lines in order', () => {
    let s = initialViewState('t', 'x', 0);
    s = logged(s, 'error', 'Error sending message: boom');
    s = logged(s, 'info', 'Attempting to reconnect...');
    expect(s.logs).toEqual([{ id: 0, level: 'error', text: 'Error sending message: boom' }, { id: 1, level: 'info', text: 'Attempting to reconnect...' }]);
  });
});
