import { SampledDuration } from './sampled-duration.js';

describe('SampledDuration', () => {
  it('averages the samples taken, rounded to whole ns, and is 0 before the first', () => {
    const d = new SampledDuration();
    expect(d.averageNs).toBe(0);
    d.add(10);
    d.add(15);
    expect([d.samples, d.totalNs, d.averageNs]).toEqual([2, 25, 13]);
  });
});
