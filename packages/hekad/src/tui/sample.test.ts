import type { Report } from '../pipeline/report.js';
import { snapshotFromReport } from './sample.js';

const count = (name: string, value: number | bigint) => ({ name, value, representation: 'count' });
const memory = { rss: 1, heapUsed: 2, heapTotal: 3 };

describe('live view sampler', () => {
  it('reads inputs, filters and outputs from the self-report entries', () => {
    const report: Report = {
      globals: [{ name: 'Router', fields: [count('ProcessMessageCount', 42)] }],
      inputs: [{ name: 'stdin', fields: [count('ProcessRecordCount', 40), count('ProcessMessageCount', 39), count('DecodeFailureCount', 1)] }],
      splitters: [], decoders: [], encoders: [],
      filters: [{ name: 'counter', fields: [count('InChanCapacity', 50), count('InChanLength', 5), { name: 'MatchAvgDuration', value: 800, representation: 'ns' }, count('ProcessMessageCount', 30), count('ProcessMessageFailures', 0), count('InjectMessageCount', 2)] }],
      outputs: [{ name: 'file', fields: [count('InChanCapacity', 50), count('InChanLength', 0), count('ProcessMessageCount', 20n), count('ProcessMessageFailures', 3), { name: 'ProcessMessageAvgDuration', value: 1500, representation: 'ns' }] }],
    };
    const info = new Map([['stdin', { type: 'StdinInput', restarts: 0 }], ['counter', { type: 'CounterFilter', restarts: 1 }], ['file', { type: 'FileOutput', restarts: 0 }]]);
    expect(snapshotFromReport(report, info, memory, 5)).toEqual({
      at: 5, routed: 42, memory,
      plugins: [
        { name: 'stdin', kind: 'input', type: 'StdinInput', in: 40, out: 39, errors: 1, restarts: 0 },
        { name: 'counter', kind: 'filter', type: 'CounterFilter', in: 30, out: 2, queueLength: 5, queueCapacity: 50, matchAvgNs: 800, processAvgNs: undefined, errors: 0, restarts: 1 },
        { name: 'file', kind: 'output', type: 'FileOutput', in: 20, out: 17, queueLength: 0, queueCapacity: 50, matchAvgNs: undefined, processAvgNs: 1500, errors: 3, restarts: 0 },
      ],
    });
  });
});
