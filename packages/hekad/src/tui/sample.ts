// The sampler: once a second the view takes a snapshot of the pipeline's own stats (the
// self-report entries) and of the process memory. Snapshots are plain data; the reducer turns
// consecutive ones into rates.
import type { Pipeline } from '../pipeline/pipeline.js';
import { collectReport, type Report, type ReportEntry } from '../pipeline/report.js';

export type PluginKind = 'input' | 'filter' | 'output';

export interface PluginSample {
  readonly name: string;
  readonly kind: PluginKind;
  /** Plugin type ("LogstreamerInput"). */
  readonly type: string;
  /** Inputs: records read; filters and outputs: messages processed. */
  readonly in: number;
  /** Inputs: messages delivered to the router; filters: messages injected; outputs: messages processed without failure. */
  readonly out: number;
  readonly queueLength?: number | undefined;
  readonly queueCapacity?: number | undefined;
  /** Mean matcher time (ns) over sampled matches; undefined for inputs. */
  readonly matchAvgNs?: number | undefined;
  /** Mean processing time (ns) when the plugin reports ProcessMessageAvgDuration. */
  readonly processAvgNs?: number | undefined;
  /** Inputs: decode failures; filters and outputs: ProcessMessageFailures. */
  readonly errors: number;
  readonly restarts: number;
}

export interface MemorySample {
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
}

export interface Snapshot {
  /** Wall clock, ms. */
  readonly at: number;
  /** Messages the router has handled since start. */
  readonly routed: number;
  readonly memory: MemorySample;
  readonly plugins: readonly PluginSample[];
}

/** What the report does not carry: each plugin's type and restart count. */
export interface PluginInfo {
  readonly type: string;
  readonly restarts: number;
}

function numberField(entry: ReportEntry, name: string): number | undefined {
  const value = entry.fields.find((f) => f.name === name)?.value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

/** Builds a snapshot from self-report entries (pure: everything comes in as arguments). */
export function snapshotFromReport(report: Report, info: ReadonlyMap<string, PluginInfo>, memory: MemorySample, at: number): Snapshot {
  const get = (entry: ReportEntry, name: string): number => numberField(entry, name) ?? 0;
  const plugins: PluginSample[] = [];
  for (const entry of report.inputs) {
    plugins.push({
      name: entry.name, kind: 'input', type: info.get(entry.name)?.type ?? '?',
      in: get(entry, 'ProcessRecordCount'), out: get(entry, 'ProcessMessageCount'),
      errors: get(entry, 'DecodeFailureCount'), restarts: info.get(entry.name)?.restarts ?? 0,
    });
  }
  for (const kind of ['filter', 'output'] as const) {
    for (const entry of report[kind === 'filter' ? 'filters' : 'outputs']) {
      const processed = get(entry, 'ProcessMessageCount');
      const failures = get(entry, 'ProcessMessageFailures');
      plugins.push({
        name: entry.name, kind, type: info.get(entry.name)?.type ?? '?',
        in: processed, out: kind === 'filter' ? get(entry, 'InjectMessageCount') : processed - failures,
        queueLength: numberField(entry, 'InChanLength'), queueCapacity: numberField(entry, 'InChanCapacity'),
        matchAvgNs: numberField(entry, 'MatchAvgDuration'), processAvgNs: numberField(entry, 'ProcessMessageAvgDuration'),
        errors: failures, restarts: info.get(entry.name)?.restarts ?? 0,
      });
    }
  }
  const routed = report.globals.find((e) => e.name === 'Router');
  return { at, routed: routed ? get(routed, 'ProcessMessageCount') : 0, memory, plugins };
}

// Runners that restart their plugin expose how often they did; others count as never restarted.
function restartsOf(runner: object): number {
  const restarts = (runner as { restarts?: unknown }).restarts;
  return typeof restarts === 'number' ? restarts : 0;
}

/** Reads the running pipeline: its self-report, plugin types, and this process's memory. */
export function samplePipeline(pipeline: Pipeline, at = Date.now(), memory: MemorySample = process.memoryUsage()): Snapshot {
  const info = new Map<string, PluginInfo>();
  for (const runner of [...pipeline.inputs, ...pipeline.filters, ...pipeline.outputs]) {
    info.set(runner.name, { type: runner.instance.type, restarts: restartsOf(runner) });
  }
  const { rss, heapUsed, heapTotal } = memory;
  return snapshotFromReport(collectReport(pipeline), info, { rss, heapUsed, heapTotal }, at);
}
