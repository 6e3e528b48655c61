// When FileOutput writes its batch (Heka's flush_count, flush_interval and flush_operator).

export interface FlushOptions {
  readonly flush_count: number;
  readonly flush_interval: number;
  readonly flush_operator: 'AND' | 'OR';
}

export class FlushPolicy {
  /** Messages batched since the last write. */
  count = 0;
  /** The interval timer fired since the last write. */
  private elapsed = false;

  constructor(private readonly options: FlushOptions) {}

  /** After a message joins the batch: write now? */
  onMessage(): boolean {
    this.count++;
    const { flush_count, flush_interval, flush_operator } = this.options;
    if (this.count < flush_count) return false;
    // With AND the interval must have passed too, unless there is no interval.
    return flush_operator === 'OR' || flush_interval === 0 || this.elapsed;
  }

  /** The flush_interval timer fired: write now? */
  onTick(): boolean {
    this.elapsed = true;
    if (this.options.flush_operator === 'OR') return this.count > 0;
    return this.count >= this.options.flush_count;
  }

  /** The batch was handed to the writer. */
  flushed(): void {
    this.count = 0;
    this.elapsed = false;
  }
}
