// LogOutput's lines while the live view runs: writing them to stdout would tear ink's frame, so
// they go to a bounded pane instead. Only the last OUTPUT_KEEP lines are kept, so a fast
// LogOutput is never slowed down by the terminal and memory stays flat; every line is counted.
import type { Store } from './store.js';
import { OUTPUT_KEEP } from './state.js';

export interface OutputPane {
  /** LogOutput's writer: never waits. */
  write(bytes: Uint8Array): void;
  /** Hands buffered lines to the store now. */
  flush(): void;
}

const decoder = new TextDecoder();
// C0 controls (an ESC in a log line would move ink's cursor), DEL, C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** One line as the terminal may show it: tabs as spaces, control characters as U+FFFD. */
export function printable(line: string): string {
  return line.replace(/\t/g, '    ').replace(CONTROL, '\uFFFD');
}

export function createOutputPane(store: Store, batchMs = 100): OutputPane {
  let recent: string[] = [];
  let count = 0;
  let partial = '';
  let timer: NodeJS.Timeout | undefined;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (count === 0) return;
    store.dispatch({ type: 'outputWritten', lines: recent, count });
    recent = [];
    count = 0;
  };
  const write = (bytes: Uint8Array): void => {
    const parts = (partial + decoder.decode(bytes)).split('\n');
    partial = parts.pop()!;
    count += parts.length;
    // Only the tail can be shown: skip converting lines that would be dropped anyway.
    for (const line of parts.slice(-OUTPUT_KEEP)) recent.push(printable(line.replace(/\r$/, '')));
    if (recent.length > OUTPUT_KEEP) recent = recent.slice(-OUTPUT_KEEP);
    timer ??= setTimeout(flush, batchMs);
  };
  return { write, flush };
}
