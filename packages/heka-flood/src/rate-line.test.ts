import { RateLine, cleanShutdownLine } from './rate-line.js';

describe('RateLine', () => {
  it('prints rates over the last interval, nothing before the first message, and at most three idle lines', () => {
    const line = new RateLine();
    const samples = [[0, 0], [0, 0], [1000, 1_000_000], [3000, 2_000_000], [3000, 2_000_000], [3000, 2_000_000], [3000, 2_000_000], [3000, 2_000_000], [3500, 2_500_000]];
    const out = samples.map(([count, bytes]) => line.next({ count: count!, bytes: bytes!, seconds: 1 }));
    expect(out).toEqual([
      undefined,
      undefined,
      'Sent 1000 messages. 1000.00 msg/sec 8.00 Mbit/sec',
      'Sent 3000 messages. 2000.00 msg/sec 8.00 Mbit/sec',
      'Sent 3000 messages. 0.00 msg/sec 0.00 Mbit/sec',
      'Sent 3000 messages. 0.00 msg/sec 0.00 Mbit/sec',
      'Sent 3000 messages. 0.00 msg/sec 0.00 Mbit/sec',
      undefined,
      'Sent 3500 messages. 500.00 msg/sec 4.00 Mbit/sec',
    ]);
  });

  it('divides by the real interval', () => {
    expect(new RateLine().next({ count: 300, bytes: 0, seconds: 1.5 })).toBe('Sent 300 messages. 200.00 msg/sec 0.00 Mbit/sec');
  });
});

it('keeps the double spaces of Go\'s Println', () => {
  expect(cleanShutdownLine(60, 59)).toBe('Clean shutdown:  60  messages sent;  59  messages delivered.');
});
