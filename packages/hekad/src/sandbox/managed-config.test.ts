import { defaultGlobals } from '@heka/core';
import { firstSection, managedInstance, normalizedName, sandboxName, scriptTypeOf } from './managed-config.js';

const limits = { module_directory: '/mods', memory_limit: 1000, instruction_limit: 2000, output_limit: 3000 };
const globals = { ...defaultGlobals(), base_dir: '/tmp/base' };

describe('names', () => {
  it('replaces every non-word character of both parts with "_" and joins them with "-"', () => {
    expect(normalizedName('a.b c-d/é_1')).toBe('a_b_c_d___1');
    expect(sandboxName('Ops Manager', 'Counter-1')).toBe('Ops_Manager-Counter_1');
  });
});

describe('firstSection', () => {
  it('takes the first section in the text and names the ones it leaves', () => {
    const s = firstSection('[B]\ntype = "SandboxFilter"\n[A]\ntype = "SandboxFilter"\n', 'msg');
    expect(s).toEqual({ name: 'B', table: { type: 'SandboxFilter' }, ignored: ['A'] });
  });

  it.each([
    ['no section', '', 'loadSandbox failed: the config has no [section]'],
    ['a top-level value', 'type = "SandboxFilter"\n', 'loadSandbox failed: "type" is not a [section]'],
    ['broken TOML', '[A\n', 'loadSandbox failed: msg:1'],
  ])('%s is refused', (_what, text, error) => {
    expect(() => firstSection(text, 'msg')).toThrow(error);
  });

  it('does not substitute %ENV[] (the text comes from a message)', () => {
    process.env['SBXMGR_SECRET'] = 'leaked';
    try {
      expect(firstSection('[A]\n[A.config]\nv = "%ENV[SBXMGR_SECRET]"\n', 'msg').table).toEqual({ config: { v: '%ENV[SBXMGR_SECRET]' } });
    } finally {
      delete process.env['SBXMGR_SECRET'];
    }
  });
});

describe('scriptTypeOf', () => {
  it('is lua unless the section names a plain word', () => {
    expect(scriptTypeOf({})).toBe('lua');
    expect(scriptTypeOf({ script_type: 'lua' })).toBe('lua');
    expect(scriptTypeOf({ script_type: '../x' })).toBe('lua');
  });
});

describe('managedInstance', () => {
  const section = { type: 'SandboxFilter', message_matcher: "Type == 'x'", memory_limit: 5, filename: 'theirs.lua', ticker_interval: 2 };

  it('forces the script, module directory, limits and can_exit; keeps the rest of the section', () => {
    const instance = managedInstance('M-F', section, '/work/M-F.lua', limits, globals);
    expect(instance).toMatchObject({ name: 'M-F', type: 'SandboxFilter', family: 'filter' });
    expect(instance.config).toMatchObject({ filename: '/work/M-F.lua', ...limits, preserve_data: false });
    expect(instance.common).toMatchObject({ message_matcher: "Type == 'x'", ticker_interval: 2, can_exit: true });
  });

  it('needs no filename in the section', () => {
    const { filename: _f, ...rest } = section;
    expect(managedInstance('M-F', rest, '/work/M-F.lua', limits, globals).config).toMatchObject({ filename: '/work/M-F.lua' });
  });

  it.each([
    ['another type', { ...section, type: 'SandboxInput' }, 'Plugin must be a SandboxFilter, received SandboxInput'],
    ['no type', { message_matcher: 'TRUE' }, /^Plugin must be a SandboxFilter, received $/],
    ['an unknown option', { ...section, filname: 'x' }, "Can't load config for 'M-F': [M-F].filname: unknown config setting for 'M-F': filname"],
    ['no matcher', { type: 'SandboxFilter' }, "Can't load config for 'M-F': [M-F].message_matcher: 'M-F' missing message matcher"],
    ['a bad matcher', { ...section, message_matcher: 'Type ==' }, "Can't load config for 'M-F': [M-F].message_matcher:"],
    ['a wrong value type', { ...section, preserve_data: 'yes' }, "Can't load config for 'M-F': [M-F].preserve_data:"],
  ])('%s is refused with a clear error', (_what, table, error) => {
    expect(() => managedInstance('M-F', table, '/work/M-F.lua', limits, globals)).toThrow(error);
  });
});
