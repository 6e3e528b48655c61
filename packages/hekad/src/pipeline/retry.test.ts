import { MaxRetriesExceeded, Retry } from './retry.js';

const ms = (n: number): bigint => BigInt(n) * 1_000_000n;
const options = { delay: ms(250), max_delay: ms(1000), max_jitter: ms(500), max_retries: 3 };

describe('Retry', () => {
  it('doubles the wait up to max_delay, adds jitter, and stops after max_retries', () => {
    const r = new Retry(options, () => 0.5);
    expect([r.nextDelayMs(), r.nextDelayMs(), r.nextDelayMs()]).toEqual([500, 750, 1250]);
    expect(() => r.nextDelayMs()).toThrow(MaxRetriesExceeded);
    r.reset();
    expect(r.nextDelayMs()).toBe(500);
  });

  it('retries forever with -1 and never with 0', () => {
    const forever = new Retry({ ...options, max_retries: -1 }, () => 0);
    for (let i = 0; i < 100; i++) forever.nextDelayMs();
    expect(forever.nextDelayMs()).toBe(1000);
    expect(() => new Retry({ ...options, max_retries: 0 }).nextDelayMs()).toThrow('Max retries exceeded');
  });

  it('sleeps for the computed wait', async () => {
    const slept: number[] = [];
    const r = new Retry(options, () => 0, async (t) => { slept.push(t); });
    await r.wait();
    await r.wait();
    expect(slept).toEqual([250, 500]);
  });
});
