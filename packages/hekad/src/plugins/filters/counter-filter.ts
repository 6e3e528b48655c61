import { Message, definePlugin, nowNs } from '@heka/core';
import type { ConsumerContext, Filter, ReportField } from '../../pipeline/contracts.js';

export const COUNTER_OUTPUT_TYPE = 'heka.counter-output';
/** Rates kept for the aggregate line, emitted after this many rate lines. */
const AGGREGATE_EVERY = 10;

/** Counts matched messages; at each tick with new ones, injects the total and the rate since the last tick. */
export class CounterFilterInstance implements Filter {
  private context: ConsumerContext | undefined;
  private count = 0;
  private lastCount = 0;
  private lastNs: bigint;
  private rates: number[] = [];

  constructor(
    private readonly hostname: string,
    startNs: bigint = nowNs(),
  ) {
    this.lastNs = startNs;
  }

  prepare(context: ConsumerContext): void {
    this.context = context;
  }

  /** Runs of records are welcome: a message is only counted. */
  takesRuns(): boolean {
    return true;
  }

  processMessage(): void {
    this.count++;
  }

  timerEvent(now: bigint): void {
    const elapsedNs = now - this.lastNs;
    if (elapsedNs <= 0n) return;
    this.lastNs = now;
    const fresh = this.count - this.lastCount;
    this.lastCount = this.count;
    if (fresh === 0) return;
    const rate = fresh / (Number(elapsedNs) / 1e9);
    this.rates.push(rate);
    this.emit(`Got ${this.count} messages. ${rate.toFixed(2)} msg/sec`);
    if (this.rates.length === AGGREGATE_EVERY) {
      const min = Math.min(...this.rates);
      const max = Math.max(...this.rates);
      const mean = this.rates.reduce((a, b) => a + b, 0) / this.rates.length;
      this.rates = [];
      this.emit(`AGG Sum. Min: ${min.toFixed(2)}    Max: ${max.toFixed(2)}    Mean: ${mean.toFixed(2)}`);
    }
  }

  report(): readonly ReportField[] {
    return [{ name: 'Count', value: this.count, representation: 'count' }];
  }

  private emit(payload: string): void {
    const context = this.context;
    if (context === undefined) throw new Error('CounterFilter: timerEvent before prepare');
    context.inject(Message.create({ type: COUNTER_OUTPUT_TYPE, logger: context.name, hostname: this.hostname, payload }));
  }
}

export const CounterFilter = definePlugin({
  type: 'CounterFilter',
  family: 'filter',
  summary: 'Counts the messages it matches and reports the total and the rate as heka.counter-output messages.',
  description: 'Every ticker_interval seconds in which new messages arrived it injects `Got <total> messages. <rate> msg/sec`; every tenth such message is followed by one with the minimum, maximum and mean of those ten rates.',
  example: `
[CounterFilter]
message_matcher = "Type != 'heka.counter-output'"
ticker_interval = 5
`,
  config: {},
  timerEvent: true,
  common: {
    message_matcher: "Type != 'heka.counter-output'",
    ticker_interval: 5,
  },
  create: (_config, _common, { globals }) => new CounterFilterInstance(globals.hostname),
});
