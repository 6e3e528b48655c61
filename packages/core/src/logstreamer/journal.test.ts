import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { copyLogstreamerFixture, type TempTree } from '../testing/logstreamer-fixture.js';
import { matchesAt, readWindowBefore, windowHash } from './hash.js';
import { formatJournal, goJsonString, Journal, parseJournal } from './journal.js';

let tree: TempTree;
let dir: string;
beforeAll(() => {
  tree = copyLogstreamerFixture();
});
afterAll(() => tree.remove());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'heka-journal-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('position hash', () => {
  it('reader_test.go shortlog: 449 zero bytes + the 51 bytes of short.log', () => {
    const content = readFileSync(join(tree.dir, 'shortlog', 'short.log'));
    expect(content).toHaveLength(51);
    expect(windowHash(content)).toBe('4a9ab34da77c10e87cb6566bbf061d9715985551');
  });

  it('hashes the 500 bytes before a seek, plain or gzip', async () => {
    const plain = join(tree.dir, 'filehandling', '2010', '07', 'error.log.2');
    expect(windowHash((await readWindowBefore(plain, 500))!)).toBe('dc6d00ed4a287968635b8b5b96a505547e9161d3');
    const gz = join(dir, 'error.log.2.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    expect(await matchesAt(gz, 500, 'dc6d00ed4a287968635b8b5b96a505547e9161d3')).toBe(true);
    expect(await readWindowBefore(gz, 5000)).toBeUndefined();
    expect(await readWindowBefore(plain, 5000)).toBeUndefined();
  });
});

describe('journal format', () => {
  it('writes the keys in Heka order with Go escaping', () => {
    expect(formatJournal({ seek: 1969, file: '/var/log/a&b<c>.log', hash: 'ab' })).toBe('{"seek":1969,"file_name":"/var/log/a\\u0026b\\u003cc\\u003e.log","last_hash":"ab"}');
    expect(goJsonString('a\u0001\n\\"')).toBe('"a\\u0001\\n\\\\\\""');
  });

  it('reads Heka\'s location.json whatever the key order', () => {
    const text = readFileSync(join(tree.dir, 'reader', 'location.json'), 'utf8');
    expect(parseJournal(text, 'location.json')).toEqual({
      file: '/Users/ben/Programming/Go/heka/logstreamer/testdir/filehandling/2013/08/error.log',
      seek: 1969,
      hash: '72781af95a1583690cc97548fdcf3bb0efbe3119',
    });
  });

  it('treats an empty file as no journal and a corrupt one as an error', () => {
    expect(parseJournal(' \n', 'j')).toBeUndefined();
    expect(() => parseJournal('{"seek":', '/j/web')).toThrow(/^Error parsing the journal file \/j\/web: /);
    expect(() => parseJournal('{"seek":"12"}', '/j/web')).toThrow('Error parsing the journal file /j/web: "seek" must be an integer, got "12"');
  });
});

describe('Journal', () => {
  it('saves atomically with mode 0660 and loads back', async () => {
    const journal = new Journal(join(dir, 'sub', 'stream'));
    expect(await journal.load()).toBeUndefined();
    const p = { file: '/x/a.log', seek: 10, hash: 'h' };
    await Promise.all([journal.save({ ...p, seek: 5 }), journal.save(p)]);
    expect(readFileSync(journal.path, 'utf8')).toBe('{"seek":10,"file_name":"/x/a.log","last_hash":"h"}');
    expect(statSync(journal.path).mode & 0o777 & ~process.umask()).toBe(0o660 & ~process.umask());
    expect(readdirSync(join(dir, 'sub'))).toEqual(['stream']);
    expect(await journal.load()).toEqual(p);
  });

  it('saveSync lands before it returns, and a slower async save started earlier never replaces it', async () => {
    const journal = new Journal(join(dir, 'stream'));
    const p = { file: '/x/a.log', seek: 10, hash: 'h' };
    const older = journal.save({ ...p, seek: 5 });
    journal.saveSync(p);
    expect(await journal.load()).toEqual(p);
    await older;
    expect(await journal.load()).toEqual(p);
    expect(readdirSync(dir)).toEqual(['stream']);
  });

  it('says where a save failed', async () => {
    writeFileSync(join(dir, 'file'), '');
    await expect(new Journal(join(dir, 'file', 'stream')).save({ file: '', seek: 0, hash: '' })).rejects.toThrow(/Error writing seek recovery log .*file\/stream/);
  });
});
