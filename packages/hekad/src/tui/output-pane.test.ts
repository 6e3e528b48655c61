import { createOutputPane, printable } from './output-pane.js';
import { OUTPUT_KEEP, initialState } from './state.js';
import { createStore } from './store.js';

const bytes = (text: string): Uint8Array => Buffer.from(text);

describe('the LogOutput pane', () => {
  it('keeps the last lines and counts them all, lines split across writes included', () => {
    const store = createStore(initialState(0));
    const pane = createOutputPane(store);
    pane.write(bytes('one\ntw'));
    pane.write(bytes('o\n'));
    pane.flush();
    expect(store.getState().output).toEqual({ lines: ['one', 'two'], total: 2 });
    const many = Array.from({ length: 25 }, (_, i) => `line ${i}\n`).join('');
    pane.write(bytes(many));
    pane.flush();
    const { lines, total } = store.getState().output;
    expect(total).toBe(27);
    expect(lines).toHaveLength(OUTPUT_KEEP);
    expect(lines.at(-1)).toBe('line 24');
    expect(lines[0]).toBe(`line ${25 - OUTPUT_KEEP}`);
  });

  it('hands lines over in batches, not one store update per line', async () => {
    const store = createStore(initialState(0));
    let updates = 0;
    store.subscribe(() => updates++);
    const pane = createOutputPane(store, 20);
    for (let i = 0; i < 100; i++) pane.write(bytes(`l${i}\n`));
    expect(updates).toBe(0);
    await new Promise((r) => setTimeout(r, 60));
    expect(updates).toBe(1);
    expect(store.getState().output.total).toBe(100);
  });

  it('shows control characters harmlessly, so a log line cannot move the cursor', () => {
    expect(printable('a\u001b[2Jb\tc\u0007')).toBe('a\uFFFD[2Jb    c\uFFFD');
    const store = createStore(initialState(0));
    const pane = createOutputPane(store);
    pane.write(bytes('crlf\r\n'));
    pane.flush();
    expect(store.getState().output.lines).toEqual(['crlf']);
  });
});
