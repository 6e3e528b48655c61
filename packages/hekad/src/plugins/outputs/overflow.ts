// Counting and reporting what an output drops because its queue is full: one line when
// dropping starts, one with the count when the queue takes messages again, and a total for
// the report. Never silent, never a line per message.

export class OverflowReporter {
  /** Every message dropped since start (DropMessageCount). */
  total = 0;
  private episode = 0;

  constructor(private readonly report: (line: string) => void, private readonly describe: () => string) {}

  dropped(): void {
    this.total++;
    if (this.episode++ === 0) this.report(`queue full (${this.describe()}): dropping messages until there is room (buffering.full_action = "drop")`);
  }

  /** A message was queued again: closes the episode with its count. */
  queued(): void {
    if (this.episode === 0) return;
    this.report(`queue has room again: ${this.episode} message(s) were dropped while it was full (${this.total} in total)`);
    this.episode = 0;
  }
}
