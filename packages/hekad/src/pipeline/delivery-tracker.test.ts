import { DeliveryTracker } from './delivery-tracker.js';

describe('DeliveryTracker', () => {
  it('advances only over a run of completed records from the oldest', () => {
    const seen: number[] = [];
    const t = new DeliveryTracker<number>((p) => seen.push(p));
    const a = t.begin(10);
    const b = t.begin(20);
    const c = t.begin(30);
    t.complete(c);
    t.complete(b);
    expect(seen).toEqual([]);
    expect(t.inFlight).toBe(3);
    t.complete(a);
    expect(seen).toEqual([30]);
    expect(t.checkpoint).toBe(30);
    expect(t.inFlight).toBe(0);
  });

  it('advances step by step when records complete in order', () => {
    const seen: number[] = [];
    const t = new DeliveryTracker<number>((p) => seen.push(p));
    for (let i = 1; i <= 3; i++) t.complete(t.begin(i * 100));
    expect(seen).toEqual([100, 200, 300]);
  });

  it('refuses unknown and repeated completions', () => {
    const t = new DeliveryTracker<number>(() => {});
    const a = t.begin(1);
    t.complete(a);
    expect(() => t.complete(a)).toThrow(RangeError);
    const b = t.begin(2);
    t.begin(3);
    expect(() => t.complete(b + 5)).toThrow(RangeError);
  });

  it('keeps working across many records completed out of order', () => {
    const seen: number[] = [];
    const t = new DeliveryTracker<number>((p) => seen.push(p));
    const seqs: number[] = [];
    for (let i = 0; i < 5000; i++) seqs.push(t.begin(i));
    for (let i = 0; i < 5000; i += 2) t.complete(seqs[i + 1]!);
    expect(seen).toEqual([]);
    for (let i = 0; i < 5000; i += 2) t.complete(seqs[i]!);
    expect(seen).toHaveLength(2500);
    expect(t.checkpoint).toBe(4999);
    expect(t.inFlight).toBe(0);
  });
});
