// The live view: log lines above (printed once), then header, plugin table, LogOutput's pane and key help,
// redrawn from the store's state. Keys become events; `q` asks for hekad's clean shutdown.
import { Box, useInput, useStdin } from 'ink';
import { useEffect, useSyncExternalStore } from 'react';
import { Header } from './components/Header.js';
import { KeyHelp } from './components/KeyHelp.js';
import { LogLines } from './components/LogLines.js';
import { OutputPane } from './components/OutputPane.js';
import { PluginTable } from './components/PluginTable.js';
import { SORT_COLUMNS, type TuiEvent, type TuiState } from './state.js';
import type { Store } from './store.js';

/** Draws a state; no store, no keys (what component tests render). */
export function View({ state }: { readonly state: TuiState }) {
  return (
    <>
      <LogLines lines={state.logs} epoch={state.logEpoch} />
      <Box flexDirection="column">
        <Header uptimeMs={state.uptimeMs} totalRate={state.totalRate} routed={state.last?.routed ?? 0} history={state.history} memory={state.memory} />
        <PluginTable rows={state.rows} sort={state.sort} />
        <OutputPane lines={state.output.lines} total={state.output.total} />
        <KeyHelp quitting={state.quitting} />
      </Box>
    </>
  );
}

/** Maps a key press to an event; undefined for keys the view ignores. */
export function keyEvent(input: string, key: { leftArrow?: boolean; rightArrow?: boolean; ctrl?: boolean }): TuiEvent | undefined {
  if (input === 'q' || (key.ctrl && input === 'c')) return { type: 'quitRequested' };
  if (key.rightArrow || input === '>' || input === '\t') return { type: 'sortMoved', by: 1 };
  if (key.leftArrow || input === '<') return { type: 'sortMoved', by: -1 };
  if (input === 'r') return { type: 'sortReversed' };
  const digit = '1234567890'.indexOf(input);
  if (input.length === 1 && digit >= 0 && digit < SORT_COLUMNS.length) return { type: 'sortSelected', column: SORT_COLUMNS[digit]! };
  return undefined;
}

export interface AppProps {
  readonly store: Store;
  /** Called when the user quits: q (once) or Ctrl+C (each press). */
  readonly onQuit: () => void;
}

export function App({ store, onQuit }: AppProps) {
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const { isRawModeSupported } = useStdin();
  useInput((input, key) => {
    const event = keyEvent(input, key);
    if (!event) return;
    // q asks once; Ctrl+C is an interrupt each time (a second one stops hekad at once, as SIGINT does).
    if (event.type === 'quitRequested' && (input !== 'q' || !store.getState().quitting)) onQuit();
    store.dispatch(event);
  }, { isActive: isRawModeSupported === true });
  // <Static> has written the lines by the time effects run: tell the state, so it can forget them.
  useEffect(() => {
    if (state.logs.length > state.logsPrinted) store.dispatch({ type: 'logsPrinted', epoch: state.logEpoch, count: state.logs.length });
  }, [store, state.logs.length, state.logsPrinted, state.logEpoch]);
  return <View state={state} />;
}
