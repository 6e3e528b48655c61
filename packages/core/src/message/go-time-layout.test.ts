import { formatGoLayout, GO_TIME_STRING_LAYOUT } from './go-time-layout.js';
import { formatStrftime } from './strftime.js';

// Go's reference time, Mon Jan 2 15:04:05 2006 in a -0700 zone, plus 123456789 ns.
const REF = BigInt(Date.UTC(2006, 0, 2, 22, 4, 5)) * 1_000_000n + 123_456_789n;
const DENVER = 'America/Denver'; // MST, -0700 in January

describe('formatGoLayout', () => {
  it.each([
    ['Mon Jan _2 15:04:05 MST 2006', 'Mon Jan  2 15:04:05 MST 2006'],
    ['Monday, 02-January-06 03:04:05 PM', 'Monday, 02-January-06 03:04:05 PM'],
    ['1/2 3:4:5 pm', '1/2 3:4:5 pm'],
    ['[2006/Jan/02:15:04:05 -0700]', '[2006/Jan/02:15:04:05 -0700]'],
    ['-07:00 -07 -070000 -07:00:00 Z07:00', '-07:00 -07 -070000 -07:00:00 -07:00'],
    ['05.000 05.999999999 05,000000 05.9', '05.123 05.123456789 05,123456 05.1'],
    ['x_2006y', 'x_2006y'],
    ['2006.0000a', '2006.1234a'],
    ['.00009', '.00009'],
  ])('%s', (layout, expected) => {
    expect(formatGoLayout(REF, layout, DENVER)).toBe(expected);
  });

  it('trims trailing zeros of .999 and drops the whole fraction when zero', () => {
    const whole = BigInt(Date.UTC(2015, 11, 30, 12)) * 1_000_000n;
    expect(formatGoLayout(whole + 123_000_000n, GO_TIME_STRING_LAYOUT, 'UTC')).toBe('2015-12-30 12:00:00.123 +0000 UTC');
    expect(formatGoLayout(whole, GO_TIME_STRING_LAYOUT, 'UTC')).toBe('2015-12-30 12:00:00 +0000 UTC');
  });

  it('writes Z for UTC with the Z forms and the offset for zones without an abbreviation', () => {
    expect(formatGoLayout(REF, 'Z07:00 Z0700', 'UTC')).toBe('Z Z');
    expect(formatGoLayout(REF, '15:04 MST -0700', 'Asia/Kolkata')).toBe('03:34 +0530 +0530');
  });

  it('follows daylight saving time', () => {
    const july = BigInt(Date.UTC(2006, 6, 2, 22, 4, 5)) * 1_000_000n;
    expect(formatGoLayout(july, '15:04 MST -0700', DENVER)).toBe('16:04 MDT -0600');
  });

  it('handles times before 1970', () => {
    expect(formatGoLayout(-1n, '2006-01-02 15:04:05.000000000', 'UTC')).toBe('1969-12-31 23:59:59.999999999');
  });
});

describe('formatStrftime', () => {
  it.each([
    ['%Y-%m-%d %H:%M:%S %z %Z', '2006-01-02 15:04:05 -0700 MST'],
    ['%a %A %b %B %h %e %j %I %p %l %k', 'Mon Monday Jan January Jan  2 002 03 PM  3 15'],
    ['%F %T %D %R %r %C %y %u %w %U %W', '2006-01-02 15:04:05 01/02/06 15:04 03:04:05 PM 20 06 1 1 01 01'],
    ['100%% %q', '100% %q'],
    ['/var/log/%Y/%m/%d/out-%H.log', '/var/log/2006/01/02/out-15.log'],
  ])('%s', (pattern, expected) => {
    expect(formatStrftime(REF, pattern, DENVER)).toBe(expected);
  });
});
