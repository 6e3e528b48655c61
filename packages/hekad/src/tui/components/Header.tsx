// Uptime, total throughput with its last minute as a sparkline, and process memory.
import { Box, Text } from 'ink';
import { formatCount, formatMegabytes, formatUptime, sparkline } from '@heka/core';
import { HISTORY_SECONDS } from '../state.js';
import type { MemorySample } from '../sample.js';

export interface HeaderProps {
  readonly uptimeMs: number;
  readonly totalRate: number;
  readonly routed: number;
  readonly history: readonly number[];
  readonly memory: MemorySample | undefined;
}

export function Header({ uptimeMs, totalRate, routed, history, memory }: HeaderProps) {
  const padded = [...Array<number>(Math.max(0, HISTORY_SECONDS - history.length)).fill(0), ...history];
  return (
    <Box flexDirection="column">
      <Box gap={2}>
        <Text bold>hekad</Text>
        <Text>up {formatUptime(uptimeMs)}</Text>
        <Text>
          <Text bold>{formatCount(Math.round(totalRate))}</Text> msgs/s ({formatCount(routed)} routed)
        </Text>
        <Text>rss {memory ? formatMegabytes(memory.rss) : '–'}</Text>
        <Text>heap {memory ? `${formatMegabytes(memory.heapUsed)} / ${formatMegabytes(memory.heapTotal)}` : '–'}</Text>
      </Box>
      <Box gap={1}>
        <Text color="green">{sparkline(padded)}</Text>
        <Text dimColor>msgs/s, last {HISTORY_SECONDS} s (peak {formatCount(Math.round(Math.max(0, ...history)))})</Text>
      </Box>
    </Box>
  );
}
