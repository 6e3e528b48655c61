import { Restarter, type RestarterDeps } from './restarter.js';

const ms = (n: number): bigint => BigInt(n) * 1_000_000n;

function setup(maxRetries: number, controller = new AbortController()) {
  const log: string[] = [];
  const slept: number[] = [];
  const deps: RestarterDeps = {
    retries: { delay: ms(100), max_delay: ms(300), max_jitter: 0n, max_retries: maxRetries },
    signal: controller.signal,
    onAttempt: (attempt, max) => log.push(`attempt ${attempt}/${max}`),
    onError: (text) => log.push(`error ${text}`),
    sleep: async (wait) => { slept.push(wait); },
  };
  return { restarter: new Restarter(deps), log, slept, controller };
}

describe('Restarter', () => {
  it('waits, then builds; a failed build waits longer and tries again', async () => {
    const { restarter, log, slept } = setup(-1);
    let builds = 0;
    const built = await restarter.rebuild(() => {
      if (++builds < 3) throw new Error(`refused ${builds}`);
      return 'plugin';
    });
    expect(built).toBe('plugin');
    expect(slept).toEqual([100, 200, 300]);
    expect(log).toEqual(['attempt 1/-1', 'error refused 1', 'attempt 2/-1', 'error refused 2', 'attempt 3/-1']);
  });

  it('counts attempts over its life and gives up after max_retries with Heka\'s words', async () => {
    const { restarter, log } = setup(2);
    expect(await restarter.rebuild(() => 'a')).toBe('a');
    expect(await restarter.rebuild(() => { throw new Error('down'); })).toBeUndefined();
    expect(restarter.attempts).toBe(2);
    expect(log).toEqual(['attempt 1/2', 'attempt 2/2', 'error down', 'error Max retries exceeded']);
  });

  it('never restarts with max_retries = 0', async () => {
    const { restarter, slept } = setup(0);
    expect(await restarter.rebuild(() => 'a')).toBeUndefined();
    expect(slept).toEqual([]);
  });

  it('builds nothing once shutdown has begun', async () => {
    const { restarter, controller, log } = setup(-1);
    controller.abort();
    expect(await restarter.rebuild(() => 'a')).toBeUndefined();
    expect(log).toEqual([]);
  });

  it('ends a real wait at once when shutdown begins', async () => {
    const controller = new AbortController();
    const restarter = new Restarter({
      retries: { delay: ms(60_000), max_delay: ms(60_000), max_jitter: 0n, max_retries: -1 },
      signal: controller.signal, onAttempt: () => undefined, onError: () => undefined,
    });
    const waiting = restarter.rebuild(() => 'a');
    setTimeout(() => controller.abort(), 10);
    expect(await waiting).toBeUndefined();
  });
});
