// Heka's logstreamer/reader_test.go and the LogstreamerInput Seq case, ported (spec §5.5), plus
// rotation, truncation, deletion, permissions and gzip.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { copyLogstreamerFixture, type TempTree } from '../testing/logstreamer-fixture.js';
import { Journal, type Position } from './journal.js';
import { LogstreamReader, type Chunk, type LogstreamEvent } from './reader.js';
import { LogstreamSet, type Logstream } from './set.js';

let tree: TempTree;
let root: string;
beforeAll(() => {
  tree = copyLogstreamerFixture();
  root = join(tree.dir, 'filehandling');
});
afterAll(() => tree.remove());

const opened: LogstreamReader[] = [];
function make(...args: ConstructorParameters<typeof LogstreamReader>): LogstreamReader {
  const reader = new LogstreamReader(...args);
  opened.push(reader);
  return reader;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((r) => r.close()));
});

async function drain(reader: LogstreamReader, max?: number): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (let c = await reader.read(max); c !== undefined; c = await reader.read(max)) chunks.push(c);
  return chunks;
}

const text = (chunks: readonly Chunk[]) => Buffer.concat(chunks.map((c) => c.bytes)).toString('latin1');

async function openStream(options: { dir: string; fileMatch: string; priority?: string[]; differentiator: string[] }, name?: string): Promise<{ set: LogstreamSet; stream: Logstream }> {
  const set = await LogstreamSet.open({ logDirectory: options.dir, fileMatch: options.fileMatch, priority: options.priority ?? [], differentiator: options.differentiator });
  const result = await set.scan();
  expect(result.errors).toEqual([]);
  const stream = name === undefined ? [...set.streams.values()][0] : set.streams.get(name);
  if (!stream) throw new Error(`no stream ${name ?? ''} in ${[...set.streams.keys()].join(', ')}`);
  return { set, stream };
}

describe('reader_test.go', () => {
  it('1. resumes at a journal position and reads through the error stream', async () => {
    const saved = await new Journal(join(tree.dir, 'reader', 'location.json')).load();
    expect(saved?.seek).toBe(1969);
    const start: Position = { file: join(root, '2010/07/error.log.2'), seek: 500, hash: 'dc6d00ed4a287968635b8b5b96a505547e9161d3' };
    const { stream } = await openStream({ dir: root, fileMatch: '/(?P<Year>\\d+)/(?P<Month>\\d+)/error\\.log(\\.(?P<Seq>\\d+))?', priority: ['Year', 'Month', '^Seq'], differentiator: ['errorlog'] });
    expect(stream.name).toBe('errorlog');
    expect(stream.files).toHaveLength(26);
    const events: LogstreamEvent[] = [];
    const reader = make(stream, { start, onEvent: (e) => events.push(e) });
    const first = (await reader.read(500))!;
    expect(events[0]).toEqual({ kind: 'open', file: start.file, offset: 500, why: 'resume' });
    expect(first.bytes).toHaveLength(500);
    expect(first.bytes.toString('latin1').startsWith('- [05/Feb/')).toBe(true);
    expect((await reader.read(500))!.bytes).toHaveLength(160);
    const third = (await reader.read(500))!;
    expect(third.file).toBe(join(root, '2010/07/error.log'));
    expect(third.bytes).toHaveLength(500);
    expect(third.bytes.toString('latin1').startsWith('2013-11-05')).toBe(true);
    const flushed = await reader.positionAt(third.file, third.offset + third.bytes.length);
    expect(flushed.hash).toBe('bc544cb727a809dcf0464da1628aeedd4243e81c');
    const journal = new Journal(join(tree.dir, 'reader', 'location.json'));
    await journal.save(flushed);
    expect(await journal.load()).toEqual(flushed);
    const rest = await drain(reader, 500);
    const last = rest[rest.length - 1]!;
    expect(last.file).toBe(join(root, '2013/08/error.log'));
    expect(last.offset + last.bytes.length).toBe(1969);
    expect(last.bytes.toString('latin1').endsWith("re.bundle'")).toBe(true);
    expect(reader.current).toEqual({ file: join(root, '2013/08/error.log'), offset: 1969 });
    await reader.close();
  });

  it('2. two streams from a lazy Type capture; the access stream from its oldest file', async () => {
    const set = await LogstreamSet.open({ logDirectory: root, fileMatch: '/(?P<Year>\\d+)/(?P<Month>\\d+)/(?P<Type>.*?)\\.log(\\.(?P<Seq>\\d+))?', priority: ['Year', 'Month', '^Seq'], differentiator: ['Type', '-log'] });
    await set.scan();
    expect([...set.streams.keys()].sort()).toEqual(['access-log', 'error-log']);
    const access = set.streams.get('access-log')!;
    expect(access.paths[0]).toBe(join(root, '2010/05/access.log.3'));
    const events: LogstreamEvent[] = [];
    const reader = make(access, { onEvent: (e) => events.push(e) });
    const chunks = await drain(reader, 500);
    expect(events[0]).toEqual({ kind: 'open', file: join(root, '2010/05/access.log.3'), offset: 0, why: 'start' });
    const last = chunks[chunks.length - 1]!;
    expect(last.file).toBe(join(root, '2013/08/access.log'));
    expect(last.offset + last.bytes.length).toBe(1174);
    expect(last.bytes.toString('latin1').endsWith("le.bundle'")).toBe(true);
    const errors = make(set.streams.get('error-log')!);
    const all = await drain(errors);
    expect(all[all.length - 1]!.file).toBe(join(root, '2013/08/error.log'));
    expect(text(all)).toHaveLength(1160 + 1510 + 2682 + 1969);
  });
});

describe('logstreamer_input_test.go (Seq)', () => {
  it('reads one stream newest-last by ^Seq and delivers records', async () => {
    const { stream } = await openStream({ dir: join(root, 'subdir'), fileMatch: 'file.log(\\.?)(?P<Seq>\\d+)?', priority: ['^Seq'], differentiator: ['logfile'] });
    expect(stream.paths.map((p) => p.slice(root.length + 1))).toEqual(['subdir/file.log.2', 'subdir/file.log.1', 'subdir/file.log']);
    const reader = make(stream);
    const all = text(await drain(reader));
    const records = all.split('\n').filter((l) => l !== '');
    expect(records.length).toBeGreaterThanOrEqual(5);
    expect(records.slice(0, 5).every((r) => r.startsWith('10.1.1.'))).toBe(true);
    expect(all).toHaveLength(375 + 9593);
  });
});

describe('rotation, truncation and errors', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'heka-ls-rot-'));
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line ${from + i}\n`).join('');
  const renameScheme = { fileMatch: 'access\\.log\\.?(?P<Seq>\\d*)(\\.gz)?', priority: ['^Seq'], differentiator: ['access'] };

  /** Rotates access.log → .1 → .2.gz as logrotate with delaycompress would. */
  function rotate(): void {
    try {
      const one = join(dir, 'access.log.1');
      writeFileSync(join(dir, 'access.log.2.gz'), gzipSync(readFileSync(one)));
      unlinkSync(one);
    } catch {
      // no access.log.1 yet
    }
    renameSync(join(dir, 'access.log'), join(dir, 'access.log.1'));
    writeFileSync(join(dir, 'access.log'), '');
  }

  it('follows a rename rotation while reading, without losing the last bytes of the old file', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 10));
    const { set, stream } = await openStream({ dir, ...renameScheme });
    const events: LogstreamEvent[] = [];
    const reader = make(stream, { onEvent: (e) => events.push(e) });
    let got = text(await drain(reader));
    appendFileSync(join(dir, 'access.log'), lines(10, 20));
    rotate();
    appendFileSync(join(dir, 'access.log.1'), lines(20, 25)); // the writer had the old file open
    appendFileSync(join(dir, 'access.log'), lines(25, 30));
    got += text(await drain(reader));
    await set.scan();
    got += text(await drain(reader));
    appendFileSync(join(dir, 'access.log'), lines(30, 40));
    rotate();
    await set.scan();
    expect(stream.paths.map((p) => p.slice(dir.length + 1))).toEqual(['access.log.2.gz', 'access.log.1', 'access.log']);
    appendFileSync(join(dir, 'access.log'), lines(40, 45));
    got += text(await drain(reader));
    expect(got).toBe(lines(0, 45));
    expect(events.some((e) => e.kind === 'renamed' && e.to === join(dir, 'access.log.1'))).toBe(true);
  });

  it('does not skip a file when a rotation lands between choosing the next file and opening it', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 10));
    rotate();
    appendFileSync(join(dir, 'access.log'), lines(10, 20));
    const { set, stream } = await openStream({ dir, ...renameScheme });
    const reader = make(stream);
    // At the end of access.log.1 the reader chooses access.log; logrotate runs before it opens
    // it (white box: right after the choice), so lines 10-20 are now in access.log.1.
    const chooser = reader as unknown as { newerFile(cur: unknown): Promise<unknown> };
    const choose = chooser.newerFile.bind(reader);
    let rotated = false;
    chooser.newerFile = async (cur: unknown) => {
      const next = await choose(cur);
      if (next !== undefined && !rotated) {
        rotated = true;
        rotate();
        appendFileSync(join(dir, 'access.log'), lines(20, 25));
      }
      return next;
    };
    let got = text(await drain(reader));
    await set.scan();
    got += text(await drain(reader));
    expect(rotated).toBe(true);
    expect(got).toBe(lines(0, 25));
  });

  it('two rotations before a rescan: waits for the scan to place its file instead of skipping one', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 10));
    const { set, stream } = await openStream({ dir, ...renameScheme });
    const reader = make(stream, { waitForRescan: true });
    let got = text(await drain(reader));
    // Two rotations while the list still says [access.log]: what was read is now in
    // access.log.2.gz, the next lines are in access.log.1.
    rotate();
    appendFileSync(join(dir, 'access.log'), lines(10, 20));
    rotate();
    appendFileSync(join(dir, 'access.log'), lines(20, 25));
    got += text(await drain(reader));
    expect(got).toBe(lines(0, 10));
    await set.scan();
    got += text(await drain(reader));
    expect(got).toBe(lines(0, 25));
  });

  it('a rescan that lists the files between two rotations: goes on with the file that replaced the one read', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 10));
    const { set, stream } = await openStream({ dir, ...renameScheme });
    const reader = make(stream, { waitForRescan: true });
    let got = text(await drain(reader));
    rotate();
    appendFileSync(join(dir, 'access.log'), lines(10, 15)); // smaller: the file was replaced
    got += text(await drain(reader)); // sees the replacement; its list predates it, so it waits
    await set.scan(); // lists [access.log.1 (what was read), access.log (lines 10–14)] …
    rotate(); // … which a second rotation makes stale before the reader looks again
    appendFileSync(join(dir, 'access.log'), lines(15, 20));
    got += text(await drain(reader));
    expect(got).toBe(lines(0, 20));
  });

  it('does not skip a file when a rotation lands between placing the file read and choosing the next', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 10));
    const { set, stream } = await openStream({ dir, ...renameScheme });
    let rotated = false;
    // When the reader has found what it read in access.log.1, logrotate runs again (white box:
    // from the rename event, before the reader looks at the file after it): lines 10-20 go to
    // access.log.1 and what was read to access.log.2.gz.
    const reader = make(stream, {
      waitForRescan: true,
      onEvent: (e) => {
        if (e.kind !== 'renamed' || rotated) return;
        rotated = true;
        rotate();
        appendFileSync(join(dir, 'access.log'), lines(20, 25));
      },
    });
    let got = text(await drain(reader));
    rotate();
    appendFileSync(join(dir, 'access.log'), lines(10, 20));
    await set.scan();
    got += text(await drain(reader));
    await set.scan();
    got += text(await drain(reader));
    expect(rotated).toBe(true);
    expect(got).toBe(lines(0, 25));
  });

  it('resumes after a rotation while stopped, from a gzip file', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 100));
    let { stream } = await openStream({ dir, ...renameScheme });
    let reader = make(stream, { chunkSize: 300 });
    const first = (await reader.read())!;
    const cut = first.bytes.lastIndexOf('\n') + 1;
    const position = await reader.positionAt(first.file, first.offset + cut);
    await reader.close();
    appendFileSync(join(dir, 'access.log'), lines(100, 120));
    rotate();
    rotate();
    appendFileSync(join(dir, 'access.log'), lines(120, 130));
    ({ stream } = await openStream({ dir, ...renameScheme }));
    const events: LogstreamEvent[] = [];
    reader = make(stream, { start: position, onEvent: (e) => events.push(e) });
    const rest = await drain(reader);
    expect(events[0]).toMatchObject({ kind: 'open', file: join(dir, 'access.log.2.gz'), why: 'resume' });
    expect(text([first]).slice(0, cut) + text(rest)).toBe(lines(0, 130));
    // A position inside the gzip file hashes from the decompressed content.
    const gzChunk = rest.find((c) => c.file.endsWith('.gz'))!;
    const p = await reader.positionAt(gzChunk.file, gzChunk.offset + 10);
    await reader.close();
    const again = make(stream, { start: p });
    expect(text(await drain(again))).toBe(lines(0, 130).slice(gzChunk.offset + 10));
  });

  it('follows the create scheme to the next day\'s file after a rescan', async () => {
    const scheme = { dir, fileMatch: 'access-(?P<Date>\\d{8})\\.log', priority: ['Date'], differentiator: ['access'] };
    writeFileSync(join(dir, 'access-20261121.log'), lines(0, 5));
    const { set, stream } = await openStream(scheme);
    const reader = make(stream);
    let got = text(await drain(reader));
    appendFileSync(join(dir, 'access-20261121.log'), lines(5, 7));
    writeFileSync(join(dir, 'access-20261122.log'), lines(7, 9));
    await set.scan();
    got += text(await drain(reader));
    expect(got).toBe(lines(0, 9));
    expect(reader.current?.file).toBe(join(dir, 'access-20261122.log'));
  });

  it('starts a truncated file again from its beginning', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 50));
    const { stream } = await openStream({ dir, ...renameScheme });
    const events: LogstreamEvent[] = [];
    const reader = make(stream, { onEvent: (e) => events.push(e) });
    await drain(reader);
    truncateSync(join(dir, 'access.log'), 0);
    appendFileSync(join(dir, 'access.log'), 'after\n');
    expect(text(await drain(reader))).toBe('after\n');
    expect(events).toContainEqual({ kind: 'rotated', file: join(dir, 'access.log'), reason: 'truncated', next: join(dir, 'access.log') });
  });

  it('moves on from a deleted file to the one listed after it', async () => {
    const scheme = { dir, fileMatch: 'access-(?P<Date>\\d{8})\\.log', priority: ['Date'], differentiator: ['access'] };
    writeFileSync(join(dir, 'access-20261120.log'), lines(0, 2));
    writeFileSync(join(dir, 'access-20261121.log'), lines(2, 4));
    const { set, stream } = await openStream(scheme);
    const reader = make(stream);
    expect(text(await drain(reader))).toBe(lines(0, 4));
    writeFileSync(join(dir, 'access-20261122.log'), lines(4, 6));
    unlinkSync(join(dir, 'access-20261121.log'));
    expect(await reader.read()).toBeUndefined(); // still listed: waits for the rescan
    await set.scan();
    expect(text(await drain(reader))).toBe(lines(4, 6));
  });

  const root_ = process.getuid?.() === 0;
  (root_ ? it.skip : it)('retries an unreadable file later without losing the position', async () => {
    writeFileSync(join(dir, 'access.log.1'), lines(0, 3));
    writeFileSync(join(dir, 'access.log'), lines(3, 6));
    chmodSync(join(dir, 'access.log'), 0o000);
    const { stream } = await openStream({ dir, ...renameScheme });
    const events: LogstreamEvent[] = [];
    const reader = make(stream, { onEvent: (e) => events.push(e) });
    expect(text(await drain(reader))).toBe(lines(0, 3));
    expect(await reader.read()).toBeUndefined();
    expect(events.filter((e) => e.kind === 'error')).toEqual([{ kind: 'error', file: join(dir, 'access.log'), message: "can't open: permission denied (will retry)" }]);
    chmodSync(join(dir, 'access.log'), 0o644);
    expect(text(await drain(reader))).toBe(lines(3, 6));
  });

  it('keeps the position through a read error and goes on once the file is readable again', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 3));
    const { stream } = await openStream({ dir, ...renameScheme });
    const events: LogstreamEvent[] = [];
    const reader = make(stream, { onEvent: (e) => events.push(e) });
    const first = text(await drain(reader));
    // Swap the file for something that cannot be read (a directory) under the same name.
    renameSync(join(dir, 'access.log'), join(dir, 'kept'));
    mkdirSync(join(dir, 'access.log'));
    expect(await reader.read()).toBeUndefined();
    expect(await reader.read()).toBeUndefined();
    rmSync(join(dir, 'access.log'), { recursive: true });
    renameSync(join(dir, 'kept'), join(dir, 'access.log'));
    appendFileSync(join(dir, 'access.log'), lines(3, 5));
    expect(first + text(await drain(reader))).toBe(lines(0, 5));
  });

  it('refuses overlapping reads and reads after close', async () => {
    writeFileSync(join(dir, 'access.log'), lines(0, 3));
    const { stream } = await openStream({ dir, ...renameScheme });
    const reader = make(stream);
    const pending = reader.read();
    await expect(reader.read()).rejects.toThrow(/while another read is in progress/);
    await pending;
    await reader.close();
    await expect(reader.read()).rejects.toThrow(/after close/);
  });
});
