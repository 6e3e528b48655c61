import { countCaptureGroups } from './capture-groups.js';

describe('countCaptureGroups', () => {
  it.each([
    ['\\n', 0],
    ['\\n(# User@Host:)', 1],
    ['(a)(b)', 2],
    ['(?:a)(?i)b', 0],
    ['(?P<name>a)', 1],
    ['(?<name>a)(?<=x)', 1],
    ['\\(not\\)', 0],
    ['[(]x[^)(]', 0],
    ['[]()](a)', 1],
    ['((nested))', 2],
  ])('%s has %i', (pattern, count) => {
    expect(countCaptureGroups(pattern)).toBe(count);
  });
});
