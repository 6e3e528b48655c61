import { DeliveryArrays, DeliveryList } from './delivery-list.js';

/** A delivery that notes the order it was released in. */
function tracked(log: number[], id: number) {
  return { release: () => { log.push(id); } };
}

describe('DeliveryList', () => {
  it('releases every delivery once, in order, across several arrays', () => {
    const log: number[] = [];
    const list = new DeliveryList(new DeliveryArrays());
    for (let i = 0; i < 5000; i++) list.add(tracked(log, i));
    expect(list.count).toBe(5000);
    list.releaseAll();
    expect(log).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(list.count).toBe(0);
  });

  it('gives its arrays back cleared, and the next list uses them', () => {
    const arrays = new DeliveryArrays();
    const first = new DeliveryList(arrays);
    const log: number[] = [];
    for (let i = 0; i < 3; i++) first.add(tracked(log, i));
    first.releaseAll();
    const reused = arrays.take();
    expect(reused.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    arrays.give(reused, 0);
    const second = new DeliveryList(arrays);
    second.add(tracked(log, 7));
    second.releaseAll();
    expect(log).toEqual([0, 1, 2, 7]);
  });

  it('releases nothing when empty', () => {
    const list = new DeliveryList(new DeliveryArrays());
    expect(() => list.releaseAll()).not.toThrow();
    expect(list.count).toBe(0);
  });
});
