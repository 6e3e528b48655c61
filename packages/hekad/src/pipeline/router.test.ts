import { Message, compileMatcher } from '@heka/core';
import { Pack } from './pack.js';
import { BoundedQueue } from './queue.js';
import { Router } from './router.js';

const msg = (type: string): Message => new Message({ type });
/** A pack owner that runs `done` when the pack is finished. */
const owner = (done: () => void) => ({ packDone: done });

function consumer(name: string, expr: string, capacity = 10, signer = '') {
  return { name, matcher: compileMatcher(expr), signer, queue: new BoundedQueue<Pack>(capacity) };
}

describe('Router', () => {
  it('gives each matching consumer a reference and finishes the pack when all release it', () => {
    const router = new Router();
    const all = consumer('all', 'TRUE');
    const web = consumer('web', "Type == 'web'");
    const allStats = router.add(all);
    const webStats = router.add(web);
    let done = 0;
    const pack = new Pack(msg('web'), owner(() => done++));
    expect(router.route(pack)).toBeUndefined();
    expect(pack.references).toBe(2);
    all.queue.poll()!.release();
    expect(done).toBe(0);
    web.queue.poll()!.release();
    expect(done).toBe(1);
    const other = new Pack(msg('db'), owner(() => done++));
    router.route(other);
    expect(web.queue.length).toBe(0);
    all.queue.poll()!.release();
    expect(done).toBe(2);
    expect(router.processed).toBe(2);
    expect([allStats.inspected, allStats.matched, webStats.inspected, webStats.matched]).toEqual([2, 2, 2, 1]);
    expect(webStats.samples).toBe(2);
  });

  it('finishes a pack nobody matched at once', () => {
    const router = new Router();
    router.add(consumer('none', 'FALSE'));
    let done = false;
    router.route(new Pack(msg('x'), owner(() => { done = true; })));
    expect(done).toBe(true);
  });

  it('offers signed-only consumers just the packs of their signer', () => {
    const router = new Router();
    const ops = consumer('ops_only', 'TRUE', 10, 'ops');
    router.add(ops);
    const unsigned = new Pack(msg('a'));
    const signed = new Pack(msg('b'));
    signed.signer = 'ops';
    router.route(unsigned);
    router.route(signed);
    expect(ops.queue.length).toBe(1);
    expect(ops.queue.poll()!.message.type).toBe('b');
  });

  it('returns a promise while a consumer is full, and resolves it once the consumer takes', async () => {
    const router = new Router();
    const slow = consumer('slow', 'TRUE', 1);
    router.add(slow);
    expect(router.route(new Pack(msg('1')))).toBeUndefined();
    const waiting = router.route(new Pack(msg('2')));
    expect(waiting).toBeInstanceOf(Promise);
    let routed = false;
    void waiting!.then(() => { routed = true; });
    await Promise.resolve();
    expect(routed).toBe(false);
    expect((await slow.queue.take())!.message.type).toBe('1');
    await waiting;
    expect(routed).toBe(true);
    expect((await slow.queue.take())!.message.type).toBe('2');
  });

  it('releases the reference of a consumer removed while the router waited for it', async () => {
    const router = new Router();
    const gone = consumer('gone', 'TRUE', 1);
    router.add(gone);
    router.route(new Pack(msg('1')));
    let done = false;
    const waiting = router.route(new Pack(msg('2'), owner(() => { done = true; })));
    expect(router.remove('gone')).toBe(true);
    await waiting;
    expect(done).toBe(true);
    expect(router.consumers).toEqual([]);
  });

  it('refuses two consumers of the same name', () => {
    const router = new Router();
    router.add(consumer('a', 'TRUE'));
    expect(() => router.add(consumer('a', 'TRUE'))).toThrow(/already registered/);
  });
});
