// Heka's self-report (spec §4.9): per category, each plugin's fields. The same entries give the
// text report (SIGUSR1, on stderr) and the heka.all-report JSON payload.
import type { ReportField } from './contracts.js';
import type { Pipeline } from './pipeline.js';
import type { ConsumerRunner } from './consumer-runner.js';
import type { InputRunner } from './input-runner.js';

export const REPORT_CATEGORIES = ['globals', 'inputs', 'splitters', 'decoders', 'filters', 'outputs', 'encoders'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export interface ReportEntry {
  readonly name: string;
  readonly fields: readonly ReportField[];
}

export type Report = Record<ReportCategory, ReportEntry[]>;

/** The columns the text report shows, in Heka's order. */
const TEXT_COLUMNS = [
  'InChanCapacity', 'InChanLength', 'MatchChanCapacity', 'MatchChanLength', 'MatchAvgDuration',
  'ProcessMessageCount', 'InjectMessageCount', 'Memory', 'MaxMemory', 'MaxInstructions', 'MaxOutput',
  'ProcessMessageAvgDuration', 'TimerEventAvgDuration', 'SynchronousDecode',
];

/** Columns of this hekad's own, shown only when not zero: what inputs dropped or skipped. */
const LOSS_COLUMNS = [
  'DropRecordCount', 'DropTooLargeCount', 'DropUnknownSignerCount', 'DropBadHmacCount', 'DropBadHeaderCount',
  'DropIncompleteCount', 'SkippedBytes', 'DropDatagramCount', 'RefusedConnections',
];

const count = (name: string, value: number): ReportField => ({ name, value, representation: 'count' });

function consumerEntry(runner: ConsumerRunner): ReportEntry {
  const own = runner.plugin.report?.() ?? [];
  // A plugin's own count (SandboxManagerFilter's ProcessMessageCount) replaces the runner's.
  const mine = new Set(own.map((f) => f.name));
  return {
    name: runner.name,
    fields: [...own, ...runnerFields(runner).filter((f) => !mine.has(f.name))],
  };
}

function runnerFields(runner: ConsumerRunner): ReportField[] {
  return [
    count('InChanCapacity', runner.queue.capacity),
    count('InChanLength', runner.queue.length),
    count('MatchChanCapacity', runner.queue.capacity),
    count('MatchChanLength', runner.queue.length),
    { name: 'MatchAvgDuration', value: runner.matchStats?.averageNs ?? 0, representation: 'ns' },
    count('ProcessMessageCount', runner.stats.processed),
    { name: 'ProcessMessageAvgDuration', value: runner.processTime.averageNs, representation: 'ns' },
    count('ProcessMessageFailures', runner.stats.failures),
    count('InjectMessageCount', runner.stats.injected),
    count('RestartCount', runner.restarts),
  ];
}

/** What the input's splitters dropped, by reason, and the bytes they skipped as garbage. */
function dropFields(runner: InputRunner): ReportField[] {
  const d = runner.stats.dropped;
  return [
    count('DropRecordCount', d['too-large'] + d['unknown-signer'] + d['bad-hmac'] + d['bad-header'] + d.incomplete),
    count('DropTooLargeCount', d['too-large']),
    count('DropUnknownSignerCount', d['unknown-signer']),
    count('DropBadHmacCount', d['bad-hmac']),
    count('DropBadHeaderCount', d['bad-header']),
    count('DropIncompleteCount', d.incomplete),
    { name: 'SkippedBytes', value: runner.stats.skippedBytes, representation: 'B' },
  ];
}

export function collectReport(pipeline: Pipeline): Report {
  return {
    globals: [{ name: 'Router', fields: [count('ProcessMessageCount', pipeline.router.processed)] }],
    inputs: pipeline.inputs.map((runner) => ({
      name: runner.name,
      fields: [
        ...(runner.input.report?.() ?? []),
        count('ProcessRecordCount', runner.stats.records),
        count('ProcessMessageCount', runner.stats.messages),
        count('DecodeFailureCount', runner.stats.decodeFailures),
        count('RestartCount', runner.restarts),
        ...dropFields(runner),
      ],
    })),
    splitters: [],
    decoders: [],
    filters: pipeline.filters.map(consumerEntry),
    outputs: pipeline.outputs.map(consumerEntry),
    encoders: [],
  };
}

export function formatTextReport(report: Report): string {
  const lines = ['========[heka.all-report]========'];
  for (const category of REPORT_CATEGORIES) {
    lines.push('', `====${category[0]!.toUpperCase()}${category.slice(1)}====`);
    const entries = report[category];
    if (entries.length === 0) {
      lines.push('NONE', '');
      continue;
    }
    for (const entry of entries) {
      lines.push(`${entry.name}:`);
      for (const column of TEXT_COLUMNS) {
        const field = entry.fields.find((f) => f.name === column);
        if (field) lines.push(`    ${column}: ${String(field.value)}`);
      }
      for (const column of LOSS_COLUMNS) {
        const field = entry.fields.find((f) => f.name === column);
        if (field && field.value !== 0) lines.push(`    ${column}: ${String(field.value)}`);
      }
    }
  }
  lines.push('', '========');
  return lines.join('\n') + '\n';
}

/** The heka.all-report payload: categories with entries, keys in alphabetical order, then a newline. */
export function formatJsonReport(report: Report): string {
  const out: Record<string, unknown[]> = {};
  for (const category of [...REPORT_CATEGORIES].sort()) {
    const entries = report[category];
    if (entries.length === 0) continue;
    out[category] = entries.map((entry) => {
      const plugin: Record<string, unknown> = { Name: entry.name };
      for (const field of entry.fields) {
        const value = typeof field.value === 'bigint' ? Number(field.value) : field.value;
        plugin[field.name] = { representation: field.representation ?? '', value };
      }
      return plugin;
    });
  }
  return JSON.stringify(out) + '\n';
}
