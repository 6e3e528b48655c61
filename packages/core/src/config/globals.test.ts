import { hostname } from 'node:os';
import { decodeGlobals, defaultGlobals, messageSizeLimit, recordSizeLimit } from './globals.js';
import { formatIssue, type ConfigIssue } from './issues.js';

function globals(raw: Record<string, unknown>) {
  const issues: ConfigIssue[] = [];
  return { value: decodeGlobals(raw, issues), lines: issues.map(formatIssue) };
}

describe('[hekad] globals', () => {
  it('has Heka\'s defaults', () => {
    expect(defaultGlobals()).toEqual({
      maxprocs: 1, poolsize: 100, plugin_chansize: 30, cpuprof: '', memprof: '', max_message_loops: 4, max_process_inject: 1,
      max_process_duration: 100000, max_timer_inject: 10, max_pack_idle: 120_000_000_000n, base_dir: '/var/cache/hekad',
      share_dir: '/usr/share/heka', sample_denominator: 1000, pid_file: '', hostname: hostname(), max_message_size: 0,
      log_flags: 3, full_buffer_max_retries: 10,
    });
    expect(recordSizeLimit(defaultGlobals())).toBe(65536 + 258);
  });

  it('reads keys case-insensitively and coerces a loop limit of 0 to 1', () => {
    const { value } = globals({ PoolSize: 10, max_message_loops: 0, max_message_size: 2048, hostname: 'box' });
    expect(value).toMatchObject({ poolsize: 10, max_message_loops: 1, max_message_size: 2048, hostname: 'box' });
    expect(messageSizeLimit(value!)).toBe(2048);
  });

  it('refuses unknown keys in Heka\'s words and checks every value', () => {
    expect(globals({ poolsiz: 5, sample_denominator: 0, max_pack_idle: '2 minutes', max_message_size: 1024, maxprocs: '2' })).toEqual({
      value: undefined,
      lines: [
        "[hekad].poolsiz: Configuration contains key [poolsiz] which doesn't exist in struct — did you mean \"poolsize\"?",
        "[hekad].sample_denominator: 'sample_denominator' value must be greater than 0. — write sample_denominator = 1000 (the default)",
        "[hekad].max_pack_idle: Can't parse `max_pack_idle` time duration: 2 minutes — use a number and a unit (ns, us, ms, s, m, h), e.g. max_pack_idle = \"1m30s\"",
        '[hekad].max_message_size: max_message_size must be greater than 1024, got 1024 — raise it, or write 0 for the default of 65536',
        '[hekad].maxprocs: expected an integer, got string "2" — write maxprocs = 2 without quotes',
      ],
    });
  });
});
