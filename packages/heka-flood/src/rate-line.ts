// Heka's once-a-second progress line: rates over the last interval; while nothing is sent it
// prints at most three zero lines, and nothing before the first message.

export interface RateSample {
  /** Total messages sent so far. */
  count: number;
  /** Total bytes sent so far. */
  bytes: number;
  /** Seconds since the previous sample. */
  seconds: number;
}

export interface Rates {
  msgPerSec: number;
  mbitPerSec: number;
}

export function ratesBetween(lastCount: number, lastBytes: number, s: RateSample): Rates {
  return {
    msgPerSec: s.seconds > 0 ? (s.count - lastCount) / s.seconds : 0,
    mbitPerSec: s.seconds > 0 ? ((s.bytes - lastBytes) * 8) / 1e6 / s.seconds : 0,
  };
}

export class RateLine {
  private lastCount = 0;
  private lastBytes = 0;
  private zeroes = 0;

  /** The line to print for this second, or undefined when Heka would stay quiet. */
  next(sample: RateSample): string | undefined {
    const sentNow = sample.count - this.lastCount;
    const rates = ratesBetween(this.lastCount, this.lastBytes, sample);
    this.lastCount = sample.count;
    this.lastBytes = sample.bytes;
    if (sentNow === 0) {
      if (sample.count === 0 || this.zeroes === 3) return undefined;
      this.zeroes++;
    } else this.zeroes = 0;
    return `Sent ${sample.count} messages. ${rates.msgPerSec.toFixed(2)} msg/sec ${rates.mbitPerSec.toFixed(2)} Mbit/sec`;
  }
}

/** Go's Println of Heka's last line: a space between every operand. */
export function cleanShutdownLine(sent: number, delivered: number): string {
  return `Clean shutdown:  ${sent}  messages sent;  ${delivered}  messages delivered.`;
}
