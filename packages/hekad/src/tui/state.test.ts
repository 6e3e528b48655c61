import { plugin, snapshot } from './fixtures.js';
import { HISTORY_SECONDS, LOG_KEEP, initialState, reduce, type TuiEvent, type TuiState } from './state.js';

const T0 = 1_700_000_000_000;
const run = (events: TuiEvent[], state: TuiState = initialState(T0)): TuiState => events.reduce(reduce, state);

const first = snapshot(T0 + 1000, 100, [
  plugin('access', 'input', { in: 100, out: 100 }),
  plugin('out', 'output', { in: 90, out: 90, queueLength: 3 }),
  plugin('count', 'filter', { in: 100, out: 0, errors: 2 }),
]);
const second = snapshot(T0 + 3000, 2100, [
  plugin('access', 'input', { in: 2100, out: 2000 }),
  plugin('out', 'output', { in: 1090, out: 1089, queueLength: 30 }),
  plugin('count', 'filter', { in: 2100, out: 1, errors: 2 }),
]);

describe('live view reducer', () => {
  it('starts empty, sorted by rate, biggest first', () => {
    const state = initialState(T0);
    expect(state.rows).toEqual([]);
    expect(state.sort).toEqual({ column: 'rate', descending: true });
    expect(state.history).toEqual([]);
  });

  it('takes the first snapshot without rates, then rates over the time between snapshots', () => {
    const once = run([{ type: 'sampled', snapshot: first }]);
    expect(once.uptimeMs).toBe(1000);
    expect(once.totalRate).toBe(0);
    expect(once.history).toEqual([]);
    expect(once.rows.map((r) => r.rate)).toEqual([0, 0, 0]);

    const twice = reduce(once, { type: 'sampled', snapshot: second });
    expect(twice.uptimeMs).toBe(3000);
    expect(twice.totalRate).toBe(1000); // 2000 messages in 2 s
    expect(twice.history).toEqual([1000]);
    expect(twice.memory).toEqual(second.memory);
    // inputs: messages delivered; filters and outputs: messages processed
    expect(twice.rows.map((r) => [r.name, r.rate])).toEqual([['count', 1000], ['access', 950], ['out', 500]]);
    expect(twice.rows.find((r) => r.name === 'out')).toMatchObject({ in: 1090, out: 1089, queueLength: 30, queueCapacity: 30 });
  });

  it('keeps the last minute of total rates for the sparkline', () => {
    const events: TuiEvent[] = Array.from({ length: HISTORY_SECONDS + 6 }, (_, i) => ({
      type: 'sampled', snapshot: snapshot(T0 + i * 1000, i * i, []),
    }));
    const state = run(events);
    expect(state.history).toHaveLength(HISTORY_SECONDS);
    expect(state.history.at(-1)).toBe(2 * (HISTORY_SECONDS + 5) - 1);
  });

  it('counts a plugin that appears later from its first snapshot, and never shows a negative rate', () => {
    const later = snapshot(T0 + 2000, 50, [plugin('access', 'input', { in: 10, out: 10 }), plugin('new', 'output', { in: 500 })]);
    const state = run([{ type: 'sampled', snapshot: first }, { type: 'sampled', snapshot: later }]);
    expect(state.totalRate).toBe(0);
    expect(state.rows.every((r) => r.rate === 0)).toBe(true);
  });

  it('moves, picks and reverses the sort column; text columns sort A to Z, counts biggest first', () => {
    const base = run([{ type: 'sampled', snapshot: first }, { type: 'sampled', snapshot: second }]);
    const byName = reduce(base, { type: 'sortSelected', column: 'name' });
    expect(byName.sort).toEqual({ column: 'name', descending: false });
    expect(byName.rows.map((r) => r.name)).toEqual(['access', 'count', 'out']);

    const byQueue = reduce(byName, { type: 'sortSelected', column: 'queue' });
    expect(byQueue.rows.map((r) => r.name)).toEqual(['out', 'count', 'access']); // input (no queue) last
    expect(reduce(byQueue, { type: 'sortReversed' }).rows.map((r) => r.name)).toEqual(['access', 'count', 'out']);

    expect(reduce(base, { type: 'sortMoved', by: 1 }).sort.column).toBe('queue');
    expect(reduce(byName, { type: 'sortMoved', by: -1 }).sort.column).toBe('restarts');
    expect(reduce(reduce(base, { type: 'sortSelected', column: 'errors' }), { type: 'sampled', snapshot: second }).rows[0]!.name).toBe('count');
  });

  it('appends log lines, and once enough are printed starts a new epoch with only the unprinted ones', () => {
    const lines = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: from + i, level: 'info' as const, text: `line ${from + i}` }));
    let state = run([{ type: 'logged', lines: lines(0, 3) }, { type: 'logsPrinted', epoch: 0, count: 3 }]);
    expect(state).toMatchObject({ logEpoch: 0, logsPrinted: 3 });
    expect(state.logs).toHaveLength(3);

    state = run([{ type: 'logged', lines: lines(3, LOG_KEEP) }, { type: 'logsPrinted', epoch: 0, count: LOG_KEEP }, { type: 'logged', lines: lines(LOG_KEEP + 3, 2) }], state);
    state = reduce(state, { type: 'logsPrinted', epoch: 0, count: LOG_KEEP });
    expect(state.logEpoch).toBe(1);
    expect(state.logsPrinted).toBe(0);
    expect(state.logs.map((l) => l.id)).toEqual([LOG_KEEP, LOG_KEEP + 1, LOG_KEEP + 2, LOG_KEEP + 3, LOG_KEEP + 4]);
    // an acknowledgement for an old epoch changes nothing
    expect(reduce(state, { type: 'logsPrinted', epoch: 0, count: 5 })).toBe(state);
  });

  it('marks the view as quitting', () => {
    expect(run([{ type: 'quitRequested' }]).quitting).toBe(true);
  });
});
