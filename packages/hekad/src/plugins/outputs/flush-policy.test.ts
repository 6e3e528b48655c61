import { FlushPolicy } from './flush-policy.js';

describe('FlushPolicy', () => {
  it('OR: writes at flush_count messages, or on a tick with at least one', () => {
    const p = new FlushPolicy({ flush_count: 2, flush_interval: 1000, flush_operator: 'OR' });
    expect(p.onTick()).toBe(false);
    expect(p.onMessage()).toBe(false);
    expect(p.onMessage()).toBe(true);
    p.flushed();
    expect(p.onMessage()).toBe(false);
    expect(p.onTick()).toBe(true);
  });

  it('AND: writes only when flush_count messages are batched and a tick has passed', () => {
    const p = new FlushPolicy({ flush_count: 2, flush_interval: 1000, flush_operator: 'AND' });
    expect(p.onMessage()).toBe(false);
    expect(p.onMessage()).toBe(false);
    expect(p.onTick()).toBe(true);
    p.flushed();
    expect(p.onTick()).toBe(false);
    expect(p.onMessage()).toBe(false);
    expect(p.onMessage()).toBe(true);
  });

  it('AND with flush_interval 0: the count alone decides', () => {
    const p = new FlushPolicy({ flush_count: 1, flush_interval: 0, flush_operator: 'AND' });
    expect(p.onMessage()).toBe(true);
  });
});
