import { definePlugin } from './define.js';
import { Registry } from './registry.js';

const plugin = (type: string, family: 'input' | 'output') => definePlugin({ type, family, summary: 's', config: {} });
const A = plugin('AInput', 'input');
const B = plugin('BOutput', 'output');

describe('Registry', () => {
  it('holds an explicit list and answers by type and family', () => {
    const r = new Registry([B, A]);
    expect(r.types()).toEqual(['AInput', 'BOutput']);
    expect(r.get('AInput')).toBe(A);
    expect(r.has('CInput')).toBe(false);
    expect(r.plugins('output')).toEqual([B]);
  });

  it('refuses a type registered twice', () => {
    expect(() => new Registry([A, A])).toThrow('plugin type AInput is registered twice');
  });

  it('derives new registries without changing the original', () => {
    const r = new Registry([A]);
    const A2 = plugin('AInput', 'input');
    expect(r.with(B, A2).plugins()).toEqual([B, A2]);
    expect(r.with(B).without('AInput').types()).toEqual(['BOutput']);
    expect(r.types()).toEqual(['AInput']);
  });
});
