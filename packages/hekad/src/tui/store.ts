// A minimal store: the state, the reducer applied on dispatch, and change listeners (the App
// subscribes with useSyncExternalStore). No React here, so feeds and tests use it directly.
import { reduce, type TuiEvent, type TuiState } from './state.js';

export interface Store {
  getState(): TuiState;
  dispatch(event: TuiEvent): void;
  subscribe(listener: () => void): () => void;
}

export function createStore(initial: TuiState): Store {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(event) {
      const next = reduce(state, event);
      if (next === state) return;
      state = next;
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
