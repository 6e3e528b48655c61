// The live view's state and the one pure function that changes it. Everything that happens
// (a snapshot taken, log lines written, a key pressed) is a typed event; components only draw.
import type { MemorySample, PluginKind, Snapshot } from './sample.js';

/** Seconds of history the header's sparkline shows. */
export const HISTORY_SECONDS = 60;
/** Printed log lines are forgotten once this many have piled up (the terminal keeps them). */
export const LOG_KEEP = 200;
/** Lines LogOutput wrote that the output pane shows (the most recent). */
export const OUTPUT_KEEP = 10;

export const SORT_COLUMNS = ['name', 'type', 'in', 'out', 'rate', 'queue', 'match', 'process', 'errors', 'restarts'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

export interface PluginRow {
  readonly name: string;
  readonly kind: PluginKind;
  readonly type: string;
  readonly in: number;
  readonly out: number;
  /** Messages per second over the last interval (inputs: delivered; filters and outputs: processed). */
  readonly rate: number;
  readonly queueLength: number | undefined;
  readonly queueCapacity: number | undefined;
  readonly matchAvgNs: number | undefined;
  readonly processAvgNs: number | undefined;
  readonly errors: number;
  readonly restarts: number;
}

export interface LogLine {
  readonly id: number;
  readonly level: 'info' | 'error';
  readonly text: string;
}

export interface TuiState {
  readonly startedAt: number;
  readonly last: Snapshot | undefined;
  readonly uptimeMs: number;
  /** Router messages per second over the last interval. */
  readonly totalRate: number;
  /** Total rate per interval, oldest first, at most HISTORY_SECONDS entries. */
  readonly history: readonly number[];
  readonly memory: MemorySample | undefined;
  /** Rows in display order. */
  readonly rows: readonly PluginRow[];
  readonly sort: { readonly column: SortColumn; readonly descending: boolean };
  /** Log lines for <Static>: append-only within one `logEpoch`. */
  readonly logs: readonly LogLine[];
  readonly logEpoch: number;
  /** How many of `logs` the terminal has shown. */
  readonly logsPrinted: number;
  /** What LogOutput wrote: the last OUTPUT_KEEP lines and how many there were in all. */
  readonly output: { readonly lines: readonly string[]; readonly total: number };
  readonly quitting: boolean;
}

export type TuiEvent =
  | { readonly type: 'sampled'; readonly snapshot: Snapshot }
  | { readonly type: 'logged'; readonly lines: readonly LogLine[] }
  | { readonly type: 'logsPrinted'; readonly epoch: number; readonly count: number }
  /** LogOutput wrote `count` lines, of which `lines` are the last ones. */
  | { readonly type: 'outputWritten'; readonly lines: readonly string[]; readonly count: number }
  | { readonly type: 'sortMoved'; readonly by: 1 | -1 }
  | { readonly type: 'sortSelected'; readonly column: SortColumn }
  | { readonly type: 'sortReversed' }
  | { readonly type: 'quitRequested' };

// Counts sort biggest first; text sorts A to Z.
const TEXT_COLUMNS: ReadonlySet<SortColumn> = new Set(['name', 'type']);

export function initialState(startedAt: number): TuiState {
  return {
    startedAt, last: undefined, uptimeMs: 0, totalRate: 0, history: [], memory: undefined, rows: [],
    sort: { column: 'rate', descending: true }, logs: [], logEpoch: 0, logsPrinted: 0,
    output: { lines: [], total: 0 }, quitting: false,
  };
}

function sortKey(row: PluginRow, column: SortColumn): number | string {
  switch (column) {
    case 'name': return row.name;
    case 'type': return row.type;
    case 'queue': return row.queueCapacity ? (row.queueLength ?? 0) / row.queueCapacity : -1;
    case 'match': return row.matchAvgNs ?? -1;
    case 'process': return row.processAvgNs ?? -1;
    default: return row[column];
  }
}

/** Stable order: the sort column, then the name. */
export function sortRows(rows: readonly PluginRow[], sort: TuiState['sort']): PluginRow[] {
  const sign = sort.descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const ka = sortKey(a, sort.column);
    const kb = sortKey(b, sort.column);
    const primary = typeof ka === 'string' ? ka.localeCompare(kb as string) : ka - (kb as number);
    return primary !== 0 ? sign * primary : a.name.localeCompare(b.name);
  });
}

function rowsFrom(snapshot: Snapshot, previous: Snapshot | undefined): PluginRow[] {
  const seconds = previous ? (snapshot.at - previous.at) / 1000 : 0;
  const before = new Map(previous?.plugins.map((p) => [`${p.kind}:${p.name}`, p] as const));
  return snapshot.plugins.map((p) => {
    const prior = before.get(`${p.kind}:${p.name}`);
    const counted = p.kind === 'input' ? p.out : p.in;
    const counterBefore = prior ? (p.kind === 'input' ? prior.out : prior.in) : counted;
    return {
      name: p.name, kind: p.kind, type: p.type, in: p.in, out: p.out,
      rate: seconds > 0 ? Math.max(0, counted - counterBefore) / seconds : 0,
      queueLength: p.queueLength, queueCapacity: p.queueCapacity, matchAvgNs: p.matchAvgNs,
      processAvgNs: p.processAvgNs, errors: p.errors, restarts: p.restarts,
    };
  });
}

function sampled(state: TuiState, snapshot: Snapshot): TuiState {
  const previous = state.last;
  const seconds = previous ? (snapshot.at - previous.at) / 1000 : 0;
  const totalRate = seconds > 0 ? Math.max(0, snapshot.routed - previous!.routed) / seconds : 0;
  const history = previous ? [...state.history, totalRate].slice(-HISTORY_SECONDS) : state.history;
  return {
    ...state, last: snapshot, uptimeMs: snapshot.at - state.startedAt, totalRate, history,
    memory: snapshot.memory, rows: sortRows(rowsFrom(snapshot, previous), state.sort),
  };
}

function sorted(state: TuiState, sort: TuiState['sort']): TuiState {
  return { ...state, sort, rows: sortRows(state.rows, sort) };
}

function selectColumn(state: TuiState, column: SortColumn): TuiState {
  return sorted(state, { column, descending: !TEXT_COLUMNS.has(column) });
}

/** Once enough printed lines pile up, a new epoch starts with only the unprinted ones. */
function printed(state: TuiState, epoch: number, count: number): TuiState {
  if (epoch !== state.logEpoch) return state;
  const logsPrinted = Math.max(state.logsPrinted, Math.min(count, state.logs.length));
  if (logsPrinted < LOG_KEEP) return { ...state, logsPrinted };
  return { ...state, logs: state.logs.slice(logsPrinted), logEpoch: state.logEpoch + 1, logsPrinted: 0 };
}

export function reduce(state: TuiState, event: TuiEvent): TuiState {
  switch (event.type) {
    case 'sampled': return sampled(state, event.snapshot);
    case 'logged': return event.lines.length === 0 ? state : { ...state, logs: [...state.logs, ...event.lines] };
    case 'logsPrinted': return printed(state, event.epoch, event.count);
    case 'outputWritten': {
      if (event.count === 0) return state;
      const lines = [...state.output.lines, ...event.lines].slice(-OUTPUT_KEEP);
      return { ...state, output: { lines, total: state.output.total + event.count } };
    }
    case 'sortMoved': {
      const at = SORT_COLUMNS.indexOf(state.sort.column);
      return selectColumn(state, SORT_COLUMNS[(at + event.by + SORT_COLUMNS.length) % SORT_COLUMNS.length]!);
    }
    case 'sortSelected': return selectColumn(state, event.column);
    case 'sortReversed': return sorted(state, { ...state.sort, descending: !state.sort.descending });
    case 'quitRequested': return { ...state, quitting: true };
  }
}
