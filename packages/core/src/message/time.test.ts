import { nowNs } from './time.js';

describe('nowNs', () => {
  it('never reads earlier than a previous call (the wall and monotonic clocks are not in step)', () => {
    // Over ≥ 50 ms and ≥ 10,000 calls many millisecond boundaries pass: each is where the two
    // clocks disagree. (Both bounds: a loaded machine may make few calls in 50 ms.)
    let last = nowNs();
    const until = Date.now() + 50;
    let calls = 0;
    let backwards = 0;
    while (Date.now() < until || calls < 10_000) {
      const t = nowNs();
      if (t < last) backwards++;
      last = t;
      calls++;
    }
    expect(backwards).toBe(0);
  });

  it('is the wall clock to the millisecond', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const t = nowNs();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    expect(t >= before - 1_000_000n && t <= after).toBe(true);
  });
});
