import type { HekaError } from '@heka/core';
import { parseArgs } from './cli.js';

describe('hekad flags', () => {
  it('defaults to /etc/hekad.toml', () => {
    expect(parseArgs([])).toEqual({ configPath: '/etc/hekad.toml', version: false, check: false, tui: false });
  });

  it.each([
    [['-config=/tmp/h.toml', '-check'], { configPath: '/tmp/h.toml', version: false, check: true, tui: false }],
    [['--config', 'conf.d', '-version'], { configPath: 'conf.d', version: true, check: false, tui: false }],
  ])('reads %j in Go flag syntax', (argv, options) => {
    expect(parseArgs(argv)).toEqual(options);
  });

  it('refuses an unknown flag with the usage and exit 2', () => {
    let error: HekaError | undefined;
    try { parseArgs(['-chek']); } catch (e) { error = e as HekaError; }
    expect(error?.exitCode).toBe(2);
    expect(error?.message.startsWith("flag provided but not defined: -chek\nUsage of hekad:\n  -check\n")).toBe(true);
  });
});
