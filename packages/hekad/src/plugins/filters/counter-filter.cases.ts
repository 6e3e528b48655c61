// CounterFilter (plugins §5.10): messages arriving between ticks, and what each tick injects.
// Times are in seconds from the filter's start.

export interface CounterStep {
  /** Messages matched before this tick. */
  readonly messages: number;
  /** When the tick happens. */
  readonly at: number;
  /** Payloads injected at this tick. */
  readonly injected: readonly string[];
}

export interface CounterCase {
  readonly name: string;
  readonly steps: readonly CounterStep[];
}

const ten = (rates: readonly number[]): CounterStep[] => rates.map((r, i) => ({ messages: r * 5, at: 5 * (i + 1), injected: [] }));

function withPayloads(steps: CounterStep[], agg: string): CounterStep[] {
  let total = 0;
  return steps.map((s, i) => {
    total += s.messages;
    const line = `Got ${total} messages. ${(s.messages / 5).toFixed(2)} msg/sec`;
    return { ...s, injected: i === steps.length - 1 ? [line, agg] : [line] };
  });
}

export const COUNTER_CASES: readonly CounterCase[] = [
  { name: 'nothing arrived: no output', steps: [{ messages: 0, at: 5, injected: [] }, { messages: 0, at: 10, injected: [] }] },
  { name: 'total and rate', steps: [{ messages: 10, at: 5, injected: ['Got 10 messages. 2.00 msg/sec'] }] },
  { name: 'the total grows, the rate is per tick', steps: [
    { messages: 10, at: 5, injected: ['Got 10 messages. 2.00 msg/sec'] },
    { messages: 1, at: 10, injected: ['Got 11 messages. 0.20 msg/sec'] },
  ] },
  { name: 'the rate is over the time since the last tick, even a silent one', steps: [
    { messages: 0, at: 5, injected: [] },
    { messages: 7, at: 8, injected: ['Got 7 messages. 2.33 msg/sec'] },
  ] },
  { name: 'two decimals, rounded', steps: [{ messages: 2, at: 3, injected: ['Got 2 messages. 0.67 msg/sec'] }] },
  {
    name: 'every tenth rate line is followed by the aggregate of the ten',
    steps: withPayloads(ten([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'AGG Sum. Min: 1.00    Max: 10.00    Mean: 5.50'),
  },
  {
    name: 'silent ticks do not count towards the ten',
    steps: [
      { messages: 0, at: 5, injected: [] },
      ...withPayloads(ten([2, 2, 2, 2, 2, 2, 2, 2, 2, 4]).map((s) => ({ ...s, at: s.at + 5 })), 'AGG Sum. Min: 2.00    Max: 4.00    Mean: 2.20'),
    ],
  },
];
