// The last lines LogOutput wrote, in a box under the plugin table (they cannot go to stdout
// while ink draws there); absent until LogOutput writes something.
import { Box, Text } from 'ink';
import { formatCount } from '@heka/core';

export interface OutputPaneProps {
  readonly lines: readonly string[];
  readonly total: number;
}

export function OutputPane({ lines, total }: OutputPaneProps) {
  if (total === 0) return null;
  return (
    <Box flexDirection="column" borderStyle="single" borderDimColor paddingX={1}>
      <Text dimColor>LogOutput: {formatCount(total)} lines, the last {lines.length} shown</Text>
      {lines.map((line, i) => <Text key={i} wrap="truncate-end">{line}</Text>)}
    </Box>
  );
}
