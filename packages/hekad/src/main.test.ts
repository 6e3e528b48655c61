import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './main.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-main-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function run(argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

function config(text: string): string {
  const file = join(dir, 'hekad.toml');
  writeFileSync(file, text);
  return file;
}

const valid = '[PayloadEncoder]\n[LogOutput]\nmessage_matcher = "TRUE"\nencoder = "PayloadEncoder"\n';

describe('hekad main', () => {
  it('prints the version', async () => {
    expect(await run(['-version'])).toEqual({ code: 0, out: '0.10.0\n', err: '' });
  });

  it('summarises a valid config with -check', async () => {
    const file = config(valid);
    expect(await run([`-config=${file}`, '-check'])).toEqual({
      code: 0,
      err: '',
      out: [
        `Configuration OK: ${file}`,
        '  inputs:    none',
        '  splitters: TokenSplitter (default), HekaFramingSplitter (default), NullSplitter (default)',
        '  decoders:  ProtobufDecoder (default)',
        '  filters:   none',
        '  encoders:  PayloadEncoder, ProtobufEncoder (default)',
        '  outputs:   LogOutput',
        '',
      ].join('\n'),
    });
  });

  it('prints every problem, then Heka\'s count, and exits 1', async () => {
    const file = config('[LogOutput]\nencoder = "Nope"\nflush = 1\n');
    const result = await run([`-config=${file}`, '-check']);
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err.split('\n')).toEqual([
      `${file}:1: [LogOutput].message_matcher: 'LogOutput' missing message matcher — add message_matcher = "TRUE" to receive every message, or an expression such as "Type == 'logfile'"`,
      `${file}:2: [LogOutput].encoder: LogOutput can't create encoder Nope — define a [Nope] section, or use one of ProtobufEncoder`,
      `${file}:3: [LogOutput].flush: unknown config setting for 'LogOutput': flush — remove it; the settings LogOutput accepts are listed in docs/plugins/output/LogOutput.md`,
      'Error reading config: 3 errors loading plugins',
      '',
    ]);
  });

  it('reports a file it cannot read', async () => {
    const missing = join(dir, 'none.toml');
    expect(await run([`-config=${missing}`, '-check'])).toEqual({
      code: 1,
      out: '',
      err: `Error reading config: ${missing}: can't open config: no such file or directory — give -config the path of a TOML file or of a directory of *.toml files\n`,
    });
  });
});
