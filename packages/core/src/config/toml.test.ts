import { ConfigFileError } from './file-error.js';
import { parseHekaToml } from './toml.js';

function thrown(f: () => unknown): ConfigFileError {
  try { f(); } catch (e) { return e as ConfigFileError; }
  throw new Error('expected a throw');
}

describe('parseHekaToml', () => {
  it('reads Heka-dialect names and keeps big integers exact', () => {
    const { table } = parseHekaToml('[TCP:5565]\naddress = ":5565"\n[TCP:5565.signer.ops_0]\nhmac_key = "k"\n[b]\nsize = 18446744073709551615\n', 'h.toml');
    expect(table).toEqual({ 'TCP:5565': { address: ':5565', signer: { ops_0: { hmac_key: 'k' } } }, b: { size: 18446744073709551615n } });
  });

  it('reports syntax errors with file, line, column, the text and a hint', () => {
    const e = thrown(() => parseHekaToml('[nginx]\nfile_match = "access\\.log"\n', 'conf/h.toml'));
    expect(e).toBeInstanceOf(ConfigFileError);
    expect(e.code).toBe('HEKA_CONFIG_TOML');
    expect(e.message).toBe('conf/h.toml:2:21: invalid TOML: unrecognised escape sequence\n    file_match = "access\\.log"\n                        ^');
    expect(e.hint).toMatch(/^in a "\.\.\." string a backslash starts an escape/);
  });

  it('points at the user\'s column on a line whose names were quoted', () => {
    const e = thrown(() => parseHekaToml('[TCP:5565] x\n', 'h.toml'));
    expect(e.position).toEqual({ line: 1, column: 12 });
  });

  it('explains a section defined twice', () => {
    const e = thrown(() => parseHekaToml('[a]\nx = 1\n[a]\n', 'h.toml'));
    expect(e.message).toMatch(/^h\.toml:3:\d+: invalid TOML: trying to redefine an already defined table or value/);
    expect(e.hint).toBe('each [section] and each key may appear only once in a file');
  });
});
