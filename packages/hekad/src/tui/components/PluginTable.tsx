// One row per input, filter and output, sorted by the selected column.
import { Box, Text } from 'ink';
import { fit, formatCount, formatDuration } from '@heka/core';
import type { PluginRow, SortColumn, TuiState } from '../state.js';

interface Column {
  readonly key: SortColumn;
  readonly title: string;
  readonly width: number;
  readonly align: 'left' | 'right';
  readonly cell: (row: PluginRow) => string;
}

function queueFill(row: PluginRow): string {
  if (row.queueCapacity === undefined) return '–';
  return `${row.queueLength ?? 0}/${row.queueCapacity}`;
}

export const COLUMNS: readonly Column[] = [
  { key: 'name', title: 'NAME', width: 16, align: 'left', cell: (r) => r.name },
  { key: 'type', title: 'TYPE', width: 17, align: 'left', cell: (r) => r.type },
  { key: 'in', title: 'IN', width: 7, align: 'right', cell: (r) => formatCount(r.in) },
  { key: 'out', title: 'OUT', width: 7, align: 'right', cell: (r) => formatCount(r.out) },
  { key: 'rate', title: 'RATE/s', width: 7, align: 'right', cell: (r) => formatCount(Math.round(r.rate)) },
  { key: 'queue', title: 'QUEUE', width: 9, align: 'right', cell: queueFill },
  { key: 'match', title: 'MATCH', width: 7, align: 'right', cell: (r) => (r.kind === 'input' ? '–' : formatDuration(r.matchAvgNs)) },
  { key: 'process', title: 'PROC', width: 7, align: 'right', cell: (r) => formatDuration(r.processAvgNs) },
  { key: 'errors', title: 'ERR', width: 5, align: 'right', cell: (r) => formatCount(r.errors) },
  { key: 'restarts', title: 'RST', width: 4, align: 'right', cell: (r) => formatCount(r.restarts) },
];

export interface PluginTableProps {
  readonly rows: readonly PluginRow[];
  readonly sort: TuiState['sort'];
}

export function PluginTable({ rows, sort }: PluginTableProps) {
  return (
    <Box flexDirection="column" marginTop={1}>
      <Box gap={1}>
        {COLUMNS.map((c) => {
          const title = c.key === sort.column ? `${c.title}${sort.descending ? '↓' : '↑'}` : c.title;
          return <Text key={c.key} bold underline={c.key === sort.column}>{fit(title, c.width, c.align)}</Text>;
        })}
      </Box>
      {rows.length === 0 ? <Text dimColor>(no plugins yet)</Text> : null}
      {rows.map((row) => (
        <Box key={`${row.kind}:${row.name}`} gap={1}>
          {COLUMNS.map((c) => (
            <Text key={c.key} color={c.key === 'errors' && row.errors > 0 ? 'red' : undefined}>{fit(c.cell(row), c.width, c.align)}</Text>
          ))}
        </Box>
      ))}
    </Box>
  );
}
