// A bounded FIFO between two plugins (Heka's channels of capacity `plugin_chansize`). A full
// queue never drops: the producer waits (`put` resolves when there is room), which pauses the
// input upstream. Items come out in order; close() lets the consumer drain what is left.

export class QueueClosedError extends Error {
  override name = 'QueueClosedError';
}

export class BoundedQueue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private closed = false;
  // Producers waiting for room and the consumer waiting for an item, in arrival order.
  private roomWaiters: (() => void)[] = [];
  private itemWaiter: ((item: T | undefined) => void) | undefined;
  /** Most items ever held at once: shows how close the queue came to pausing its producer. */
  highWater = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`queue capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get length(): number { return this.count; }
  get isFull(): boolean { return this.count >= this.capacity; }
  get isClosed(): boolean { return this.closed; }
  /** The consumer waits in take() for the next item (nothing queued, nothing handed to it yet). */
  get consumerWaiting(): boolean { return this.itemWaiter !== undefined; }

  /** Adds an item if there is room; false when full (nothing is added). */
  offer(item: T): boolean {
    if (this.closed) throw new QueueClosedError('put on a closed queue');
    if (this.itemWaiter) {
      const deliver = this.itemWaiter;
      this.itemWaiter = undefined;
      deliver(item);
      return true;
    }
    if (this.count >= this.capacity) return false;
    this.items[(this.head + this.count) % this.capacity] = item;
    this.count++;
    if (this.count > this.highWater) this.highWater = this.count;
    return true;
  }

  /** Adds an item, waiting for room when full (back-pressure). Rejects if the queue closes first. */
  async put(item: T): Promise<void> {
    while (!this.offer(item)) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
      if (this.closed) throw new QueueClosedError('queue closed while waiting for room');
    }
  }

  /** The next item without waiting, or undefined when empty. */
  poll(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    // Waiting producers are woken once the queue is half empty, as many as there is room for:
    // each then refills it in one go instead of one promise round trip per item taken.
    if (this.roomWaiters.length > 0 && this.count <= this.capacity >> 1) {
      for (let room = this.capacity - this.count; room > 0 && this.roomWaiters.length > 0; room--) this.roomWaiters.shift()!();
    }
    return item;
  }

  /** The next item, waiting for one; undefined once the queue is closed and empty. */
  take(): Promise<T | undefined> {
    if (this.count > 0) return Promise.resolve(this.poll());
    if (this.closed) return Promise.resolve(undefined);
    if (this.itemWaiter) throw new Error('BoundedQueue has one consumer: take() called while another take() waits');
    return new Promise((resolve) => { this.itemWaiter = resolve; });
  }

  /** Wakes a waiting take() with undefined without closing: its consumer has other work (a timer). */
  wake(): void {
    const waiter = this.itemWaiter;
    this.itemWaiter = undefined;
    waiter?.(undefined);
  }

  /** No more puts; the consumer still gets what is queued, then undefined. Waiting producers are rejected. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const waiter = this.itemWaiter;
    this.itemWaiter = undefined;
    waiter?.(undefined);
    for (const wake of this.roomWaiters.splice(0)) wake();
  }
}
