import { formatJsonReport, formatTextReport, type Report } from './report.js';

const report: Report = {
  globals: [{ name: 'Router', fields: [{ name: 'ProcessMessageCount', value: 12, representation: 'count' }] }],
  inputs: [{
    name: 'stdin',
    fields: [
      { name: 'ProcessMessageCount', value: 3, representation: 'count' },
      { name: 'DropRecordCount', value: 2, representation: 'count' },
      { name: 'DropBadHmacCount', value: 2, representation: 'count' },
      { name: 'DropTooLargeCount', value: 0, representation: 'count' },
    ],
  }],
  splitters: [],
  decoders: [],
  filters: [],
  outputs: [{
    name: 'out',
    fields: [
      { name: 'MatchAvgDuration', value: 250, representation: 'ns' },
      { name: 'InChanLength', value: 0, representation: 'count' },
      { name: 'InChanCapacity', value: 30, representation: 'count' },
      { name: 'Custom', value: 'x' },
    ],
  }],
  encoders: [],
};

describe('self-report', () => {
  it('renders the text report with Heka\'s categories, columns and order, and losses only when not zero', () => {
    expect(formatTextReport(report)).toBe([
      '========[heka.all-report]========',
      '', '====Globals====', 'Router:', '    ProcessMessageCount: 12',
      '', '====Inputs====', 'stdin:', '    ProcessMessageCount: 3', '    DropRecordCount: 2', '    DropBadHmacCount: 2',
      '', '====Splitters====', 'NONE', '',
      '', '====Decoders====', 'NONE', '',
      '', '====Filters====', 'NONE', '',
      '', '====Outputs====', 'out:', '    InChanCapacity: 30', '    InChanLength: 0', '    MatchAvgDuration: 250',
      '', '====Encoders====', 'NONE', '',
      '', '========', '',
    ].join('\n'));
  });

  it('renders the heka.all-report payload with categories in alphabetical order', () => {
    const payload = formatJsonReport(report);
    expect(payload.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(payload) as Record<string, Record<string, unknown>[]>;
    expect(Object.keys(parsed)).toEqual(['globals', 'inputs', 'outputs']);
    expect(parsed.outputs![0]).toEqual({
      Name: 'out',
      MatchAvgDuration: { representation: 'ns', value: 250 },
      InChanLength: { representation: 'count', value: 0 },
      InChanCapacity: { representation: 'count', value: 30 },
      Custom: { representation: '', value: 'x' },
    });
  });
});
