import { definePlugin } from '@heka/core';
import { NO_RECORD, type FoundRecord, type Splitter } from '../../pipeline/contracts.js';

/** Every byte available is one record: each push (a read, a datagram) becomes one. */
export class NullSplitterInstance implements Splitter {
  private readonly found: FoundRecord = { consumed: 0, recordStart: NO_RECORD, recordEnd: NO_RECORD };

  findRecord(_buf: Uint8Array, start: number, end: number): FoundRecord {
    const found = this.found;
    const empty = end <= start;
    found.consumed = empty ? 0 : end - start;
    found.recordStart = empty ? NO_RECORD : start;
    found.recordEnd = empty ? NO_RECORD : end;
    return found;
  }
}

export const NullSplitter = definePlugin({
  type: 'NullSplitter',
  family: 'splitter',
  summary: 'Does not split: each read (or datagram) is one record.',
  common: { min_buffer_size: 65536 },
  config: {},
  create: () => new NullSplitterInstance(),
});
