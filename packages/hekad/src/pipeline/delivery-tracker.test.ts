import { DeliveryTracker } from './delivery-tracker.js';

describe('DeliveryTracker', () => {
  it('advances only over a run of completed records from the oldest', () => {
    const seen: number[] = [];
    const t = new DeliveryTracker((p) => seen.push(p));
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
    const t = new DeliveryTracker((p) => seen.push(p));
    for (let i = 1; i <= 3; i++) t.complete(t.begin(i * 100));
    expect(seen).toEqual([100, 200, 300]);
  });

  it('says how many records each advance moved past', () => {
    const advances: [number, number][] = [];
    const t = new DeliveryTracker((p, records) => advances.push([p, records]));
    const a = t.begin(10);
    const b = t.begin(20);
    const c = t.begin(30);
    t.completeRange(b, 2);
    t.complete(a);
    t.complete(t.begin(40));
    expect(advances).toEqual([[30, 3], [40, 1]]);
    expect(c).toBe(b + 1);
  });

  it('completes a range of records at once, advancing only when the oldest is among them', () => {
    const seen: number[] = [];
    const t = new DeliveryTracker((p) => seen.push(p));
    const a = t.begin(10);
    const b = t.begin(20);
    t.begin(30);
    t.begin(40);
    const e = t.begin(50);
    t.completeRange(b, 3);
    expect(seen).toEqual([]);
    expect(t.inFlight).toBe(5);
    t.complete(a);
    expect(seen).toEqual([40]);
    t.completeRange(e, 1);
    expect(seen).toEqual([40, 50]);
    expect(t.inFlight).toBe(0);
    expect(() => t.completeRange(a, 2)).toThrow(RangeError);
  });

  it('refuses unknown and repeated completions', () => {
    const t = new DeliveryTracker(() => {});
    const a = t.begin(1);
    t.complete(a);
    expect(() => t.complete(a)).toThrow(RangeError);
    const b = t.begin(2);
    t.begin(3);
    expect(() => t.complete(b + 5)).toThrow(RangeError);
  });

  it('keeps working across many records completed out of order', () => {
    const seen: number[] = [];
    const t = new DeliveryTracker((p) => seen.push(p));
    const seqs: number[] = [];
    for (let i = 0; i < 5000; i++) seqs.push(t.begin(i));
    for (let i = 0; i < 5000; i += 2) t.complete(seqs[i + 1]!);
    expect(seen).toEqual([]);
    for (let i = 0; i < 5000; i += 2) t.complete(seqs[i]!);
    expect(seen).toHaveLength(2500);
    expect(t.checkpoint).toBe(4999);
    expect(t.inFlight).toBe(0);
  });

  it('keeps positions and order when the ring wraps around and grows with records in flight', () => {
    const seen: number[] = [];
    const t = new DeliveryTracker((p) => seen.push(p));
    const seqs: number[] = [];
    for (let i = 0; i < 1000; i++) seqs.push(t.begin(i * 10));
    for (let i = 0; i < 900; i++) t.complete(seqs[i]!);
    expect(t.checkpoint).toBe(8990);
    // 100 in flight, starting near the ring's end: these wrap, then outgrow it twice.
    for (let i = 1000; i < 4000; i++) seqs.push(t.begin(i * 10));
    expect(t.inFlight).toBe(3100);
    for (let i = 3999; i >= 901; i--) t.complete(seqs[i]!);
    expect(t.checkpoint).toBe(8990);
    t.complete(seqs[900]!);
    expect(t.checkpoint).toBe(39990);
    expect(t.inFlight).toBe(0);
    expect(seen).toEqual([...Array.from({ length: 900 }, (_, i) => i * 10), 39990]);
  });
});
