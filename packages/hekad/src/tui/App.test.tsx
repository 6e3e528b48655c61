import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import { App, View, keyEvent } from './App.js';
import { Header } from './components/Header.js';
import { PluginTable } from './components/PluginTable.js';
import { MB, plugin, snapshot } from './fixtures.js';
import { initialState, reduce, type TuiEvent, type TuiState } from './state.js';
import { createStore } from './store.js';

// ink-testing-library's stdout is 100 columns wide; frames are compared without colours.
const T0 = 1_700_000_000_000;
const frame = (r: { lastFrame(): string | undefined }): string => stripVTControlCharacters(r.lastFrame() ?? '');
const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));

function busyState(): TuiState {
  const events: TuiEvent[] = [
    { type: 'logged', lines: [{ id: 0, level: 'info', text: 'Starting hekad...' }, { id: 1, level: 'error', text: "Input 'access' error: decoding: bad line" }] },
    { type: 'sampled', snapshot: snapshot(T0 + 83_000, 1000, [plugin('access', 'input', { in: 1000, out: 1000 }), plugin('file', 'output', { in: 990, out: 990 })]) },
    { type: 'sampled', snapshot: snapshot(T0 + 84_000, 13_345, [
      plugin('access', 'input', { in: 13_345, out: 13_340, errors: 5 }),
      plugin('file', 'output', { in: 12_000, out: 11_999, queueLength: 12, queueCapacity: 30, matchAvgNs: 840, errors: 1 }),
      plugin('counter', 'filter', { in: 13_340, out: 4, matchAvgNs: 1_250, processAvgNs: 3_400_000, restarts: 2 }),
    ]) },
  ];
  return events.reduce(reduce, initialState(T0));
}

describe('live view components', () => {
  it('draws the header: uptime, total rate with the sparkline, memory', () => {
    const r = render(<Header uptimeMs={83_000} totalRate={12_345} routed={1_234_567} history={[0, 5, 10]} memory={{ rss: 85 * MB, heapUsed: 20 * MB, heapTotal: 40 * MB }} />);
    expect(frame(r)).toMatchSnapshot();
    r.unmount();
  });

  it('draws one row per plugin with the sort column marked', () => {
    const state = busyState();
    const r = render(<PluginTable rows={state.rows} sort={state.sort} />);
    expect(frame(r)).toMatchSnapshot();
    r.unmount();
  });

  it('draws log lines above the header and table', () => {
    const r = render(<View state={busyState()} />);
    const text = frame(r);
    expect(text.indexOf('Starting hekad...')).toBeLessThan(text.indexOf('up 0:01:24'));
    expect(text).toMatchSnapshot();
    r.unmount();
  });

  it('draws LogOutput\'s last lines in a pane under the table, and no pane before it writes', () => {
    const quiet = frame(render(<View state={busyState()} />));
    expect(quiet).not.toContain('LogOutput:');
    const state = reduce(busyState(), { type: 'outputWritten', lines: ['GET /a 200', 'GET /b 404'], count: 1234 });
    const r = render(<View state={state} />);
    const text = frame(r);
    expect(text).toContain('LogOutput: 1.2k lines, the last 2 shown');
    expect(text.indexOf('GET /b 404')).toBeGreaterThan(text.indexOf('counter'));
    expect(text.indexOf('GET /a 200')).toBeLessThan(text.indexOf('GET /b 404'));
    r.unmount();
  });

  it('before the first sample shows an empty table', () => {
    const r = render(<View state={initialState(T0)} />);
    expect(frame(r)).toContain('(no plugins yet)');
    r.unmount();
  });

  it('changes the sort on keys and asks to quit once on q', async () => {
    const store = createStore(busyState());
    const quits: number[] = [];
    const r = render(<App store={store} onQuit={() => quits.push(1)} />);
    await tick();
    r.stdin.write('1');
    await tick();
    expect(store.getState().sort).toEqual({ column: 'name', descending: false });
    expect(frame(r)).toContain('NAME↑');
    r.stdin.write('r');
    await tick();
    expect(frame(r)).toContain('NAME↓');
    r.stdin.write('\u001B[C'); // right arrow
    await tick();
    expect(store.getState().sort.column).toBe('type');
    r.stdin.write('q');
    await tick();
    r.stdin.write('q');
    await tick();
    expect(quits).toHaveLength(1);
    expect(frame(r)).toContain('shutting down');
    r.unmount();
  });

  it('maps keys to events', () => {
    expect(keyEvent('x', {})).toBeUndefined();
    expect(keyEvent('c', { ctrl: true })).toEqual({ type: 'quitRequested' });
    expect(keyEvent('0', {})).toEqual({ type: 'sortSelected', column: 'restarts' });
    expect(keyEvent('', { leftArrow: true })).toEqual({ type: 'sortMoved', by: -1 });
  });
});
