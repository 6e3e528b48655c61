// At-least-once checkpoints: an input numbers the records it reads, in order, with the position
// just after each; messages complete in any order (outputs flush at their own pace), and the
// checkpoint advances only to the end of the longest run of completed records from the start.
// So a crash repeats at most what was in flight and never skips a record.

export class DeliveryTracker<P> {
  // Records first..first+pending-1 are in flight; done[i] / positions[i] describe first+i.
  private first = 0;
  private done: boolean[] = [];
  private positions: P[] = [];
  private head = 0;
  private last: P | undefined;

  constructor(private readonly onAdvance: (position: P) => void) {}

  /** Records read but not yet completed or passed by the checkpoint. */
  get inFlight(): number { return this.done.length - this.head; }

  /** The position the checkpoint has reached (undefined before the first advance). */
  get checkpoint(): P | undefined { return this.last; }

  /** Registers the next record (ending at `positionAfter`) and returns its number. */
  begin(positionAfter: P): number {
    this.done.push(false);
    this.positions.push(positionAfter);
    return this.first + this.done.length - this.head - 1;
  }

  /** Record `seq` is delivered (every message made from it is done). */
  complete(seq: number): void {
    const index = seq - this.first + this.head;
    if (seq < this.first || index >= this.done.length) throw new RangeError(`DeliveryTracker: record ${seq} is not in flight`);
    if (this.done[index]) throw new Error(`DeliveryTracker: record ${seq} completed twice`);
    this.done[index] = true;
    if (seq !== this.first) return;
    let advanced: P | undefined;
    while (this.head < this.done.length && this.done[this.head]) {
      advanced = this.positions[this.head];
      this.head++;
      this.first++;
    }
    // Drop the passed prefix now and then, not on every advance.
    if (this.head > 1024 && this.head * 2 > this.done.length) {
      this.done = this.done.slice(this.head);
      this.positions = this.positions.slice(this.head);
      this.head = 0;
    }
    this.last = advanced as P;
    this.onAdvance(advanced as P);
  }
}
