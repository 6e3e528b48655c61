// The live view of a flood: log lines printed once above, then target and elapsed time,
// msg/s and Mbit/s with their last minute as sparklines, and the counts.
import { Box, Static, Text } from 'ink';
import { formatCount, formatUptime, sparkline } from '@heka/core';
import { HISTORY, type FloodViewState } from './state.js';

const padded = (history: readonly number[]): number[] => [...Array<number>(Math.max(0, HISTORY - history.length)).fill(0), ...history];

function RateRow({ label, value, history, digits }: { label: string; value: string; history: readonly number[]; digits: number }) {
  return (
    <Box gap={1}>
      <Text>{label.padEnd(7)}</Text>
      <Text bold>{value.padStart(digits)}</Text>
      <Text color="green">{sparkline(padded(history))}</Text>
    </Box>
  );
}

export function FloodView({ state }: { readonly state: FloodViewState }) {
  return (
    <>
      <Static items={[...state.logs]}>
        {(line) => <Text key={line.id} color={line.level === 'error' ? 'red' : undefined}>{line.text}</Text>}
      </Static>
      <Box flexDirection="column">
        <Box gap={2}>
          <Text bold>heka-flood</Text>
          <Text>test {state.test}</Text>
          <Text>→ {state.target}</Text>
          <Text>elapsed {formatUptime(state.elapsedMs)}</Text>
        </Box>
        <RateRow label="msg/s" value={formatCount(Math.round(state.msgRate))} history={state.msgHistory} digits={6} />
        <RateRow label="Mbit/s" value={state.mbitRate.toFixed(1)} history={state.mbitHistory} digits={6} />
        <Box gap={2}>
          <Text>sent <Text bold>{state.sent}</Text></Text>
          <Text>delivered <Text bold>{state.delivered}</Text></Text>
          <Text>queued {state.queued}</Text>
          <Text color={state.errors > 0 ? 'red' : undefined}>errors {state.errors}</Text>
          <Text color={state.reconnects > 0 ? 'yellow' : undefined}>reconnects {state.reconnects}</Text>
        </Box>
        <Text dimColor>{state.stopping ? 'stopping…' : 'q or Ctrl+C stops the flood'}</Text>
      </Box>
    </>
  );
}
