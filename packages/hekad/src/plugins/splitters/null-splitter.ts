import { definePlugin } from '@heka/core';

export const NullSplitter = definePlugin({
  type: 'NullSplitter',
  family: 'splitter',
  summary: 'Does not split: each read (or datagram) is one record.',
  common: { min_buffer_size: 65536 },
  config: {},
});
