import { BoundedQueue, QueueClosedError } from './queue.js';

describe('BoundedQueue', () => {
  it('keeps order and refuses offers beyond its capacity', () => {
    const q = new BoundedQueue<number>(2);
    expect(q.offer(1)).toBe(true);
    expect(q.offer(2)).toBe(true);
    expect(q.offer(3)).toBe(false);
    expect(q.length).toBe(2);
    expect(q.poll()).toBe(1);
    expect(q.offer(3)).toBe(true);
    expect([q.poll(), q.poll(), q.poll()]).toEqual([2, 3, undefined]);
    expect(q.highWater).toBe(2);
  });

  it('makes a producer wait when full and resumes it as the consumer takes', async () => {
    const q = new BoundedQueue<number>(1);
    await q.put(1);
    let second = false;
    const putting = q.put(2).then(() => { second = true; });
    await Promise.resolve();
    expect(second).toBe(false);
    expect(await q.take()).toBe(1);
    await putting;
    expect(second).toBe(true);
    expect(await q.take()).toBe(2);
  });

  it('hands an item straight to a waiting consumer', async () => {
    const q = new BoundedQueue<string>(1);
    const taking = q.take();
    expect(q.offer('a')).toBe(true);
    expect(await taking).toBe('a');
    expect(q.length).toBe(0);
  });

  it('lets the consumer drain after close, then ends with undefined', async () => {
    const q = new BoundedQueue<number>(3);
    await q.put(1);
    await q.put(2);
    q.close();
    expect(() => q.offer(3)).toThrow(QueueClosedError);
    expect([await q.take(), await q.take(), await q.take()]).toEqual([1, 2, undefined]);
  });

  it('wakes a waiting consumer with undefined on close, and rejects waiting producers', async () => {
    const q = new BoundedQueue<number>(1);
    const taking = q.take();
    q.close();
    expect(await taking).toBeUndefined();

    const full = new BoundedQueue<number>(1);
    await full.put(1);
    const waiting = full.put(2);
    full.close();
    await expect(waiting).rejects.toBeInstanceOf(QueueClosedError);
    expect(full.poll()).toBe(1);
  });

  it('moves many items through a small queue without loss', async () => {
    const q = new BoundedQueue<number>(3);
    const received: number[] = [];
    const consumer = (async () => {
      for (let item = await q.take(); item !== undefined; item = await q.take()) received.push(item);
    })();
    for (let i = 0; i < 1000; i++) await q.put(i);
    q.close();
    await consumer;
    expect(received).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(q.highWater).toBeLessThanOrEqual(3);
  });

  it('wakes a waiting consumer without closing', async () => {
    const q = new BoundedQueue<number>(1);
    const taking = q.take();
    q.wake();
    expect(await taking).toBeUndefined();
    expect(q.isClosed).toBe(false);
    await q.put(1);
    expect(await q.take()).toBe(1);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new BoundedQueue(0)).toThrow(RangeError);
  });
});
