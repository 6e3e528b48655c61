import { distinctErrors, formatIssue, formatKeyPath, type ConfigIssue } from './issues.js';

const issue = (over: Partial<ConfigIssue>): ConfigIssue => ({ severity: 'error', code: 'X', path: [], message: 'wrong', ...over });

describe('issue formatting', () => {
  it('writes key paths with the section first and array items in brackets', () => {
    expect(formatKeyPath('out', ['buffering', 'max_file_size'])).toBe('[out].buffering.max_file_size');
    expect(formatKeyPath('in', ['priority', 1])).toBe('[in].priority[1]');
    expect(formatKeyPath(undefined, ['a', 'b'])).toBe('a.b');
  });

  it('puts place, key, problem and hint on one line', () => {
    expect(formatIssue(issue({ file: 'h.toml', line: 3, section: 'out', path: ['flush_count'], hint: 'fix it' }))).toBe('h.toml:3: [out].flush_count: wrong — fix it');
    expect(formatIssue(issue({ file: 'h.toml', section: 'out' }))).toBe('h.toml: [out]: wrong');
    expect(formatIssue(issue({ severity: 'warning', message: 'hm' }))).toBe('warning: hm');
  });

  it('counts identical errors once and ignores warnings', () => {
    const a = issue({ section: 'a' });
    expect(distinctErrors([a, { ...a }, issue({ section: 'b' }), issue({ severity: 'warning' })])).toEqual(['[a]: wrong', '[b]: wrong']);
  });
});
