import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial wait up to the maximum, adding jitter scaled by random()', () => {
    const draws = [0, 0.5, 1, 0, 0, 0.25];
    const backoff = new Backoff({ initialMs: 100, maxMs: 500, jitterMs: 40, random: () => draws.shift()! });
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([100, 220, 440, 500, 500, 510]);
    expect(backoff.failures).toBe(6);
  });

  it('starts again from the initial wait after reset()', () => {
    const backoff = new Backoff({ initialMs: 10, maxMs: 1000, jitterMs: 0 });
    backoff.next();
    backoff.next();
    expect(backoff.next()).toBe(40);
    backoff.reset();
    expect(backoff.failures).toBe(0);
    expect(backoff.next()).toBe(10);
  });

  it('keeps jitter within [0, jitterMs) with the real random source', () => {
    const backoff = new Backoff({ initialMs: 1000, maxMs: 1000, jitterMs: 250 });
    for (let i = 0; i < 200; i++) {
      const wait = backoff.next();
      expect(wait).toBeGreaterThanOrEqual(1000);
      expect(wait).toBeLessThan(1250);
    }
  });
});
