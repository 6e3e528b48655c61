// hekad's log lines, printed once above the live area and never redrawn.
import { Static, Text } from 'ink';
import type { LogLine } from '../state.js';

export interface LogLinesProps {
  readonly lines: readonly LogLine[];
  /** A new epoch (the state forgot printed lines) starts a new <Static>. */
  readonly epoch: number;
}

export function LogLines({ lines, epoch }: LogLinesProps) {
  return (
    <Static key={epoch} items={[...lines]}>
      {(line) => <Text key={line.id} color={line.level === 'error' ? 'red' : undefined}>{line.text}</Text>}
    </Static>
  );
}
