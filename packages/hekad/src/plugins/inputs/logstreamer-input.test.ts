import { mkdtemp, mkdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readWindowBefore, windowHash } from '@heka/core';
import { FakeInputContext, waitFor, type FakeStream } from './fake-input-context.js';
import { LogstreamerInputInstance, type LogstreamerRunOptions } from './logstreamer-run.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ls-input-'));
  await mkdir(join(dir, 'logs'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = (from: number, to: number, tag = 'line') => Array.from({ length: to - from + 1 }, (_, i) => `${tag} ${from + i}\n`).join('');

function start(set: Partial<LogstreamerRunOptions['set']> = {}, more: Partial<LogstreamerRunOptions> = {}) {
  const input = new LogstreamerInputInstance({
    set: { logDirectory: join(dir, 'logs'), fileMatch: 'app\\.log', differentiator: ['app'], journalDirectory: join(dir, 'journal'), ...set },
    rescanMs: 0,
    hostname: 'web-1',
    pollMs: 20,
    ...more,
  });
  const context = new FakeInputContext('app_logs');
  const controller = new AbortController();
  const run = input.run(context, controller.signal);
  return { input, context, controller, run };
}

async function journal(name = 'app') {
  return JSON.parse(await readFile(join(dir, 'journal', name), 'utf8')) as { seek: number; file_name: string; last_hash: string };
}

/** Polls the journal until it holds `seek` (journals are saved asynchronously). */
async function journalAt(seek: number, name = 'app') {
  const until = Date.now() + 5000;
  for (;;) {
    const j = await journal(name).catch(() => undefined);
    if (j?.seek === seek) return j;
    if (Date.now() > until) throw new Error(`journal ${name} never reached seek ${seek} (last: ${JSON.stringify(j)})`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const records = (s: FakeStream | undefined) => s?.records.length ?? 0;

describe('LogstreamerInput', () => {
  it('reads a rotated sequence oldest first into one stream, decorated as Heka does', async () => {
    await writeFile(join(dir, 'logs', 'app.log.1'), lines(1, 3));
    await writeFile(join(dir, 'logs', 'app.log'), lines(4, 5));
    const { input, context, controller, run } = start({ fileMatch: 'app\\.log\\.?(?P<Seq>\\d+)?', priority: ['^Seq'] });
    await waitFor(() => records(context.stream('app')) === 5, 5000, 'five records');
    const s = context.stream('app')!;
    expect(s.payloads).toEqual(lines(1, 5).match(/[^\n]*\n/g));
    const m = s.records[0]!.message;
    expect([m.type, m.logger, m.hostname]).toEqual(['logfile', 'app', 'web-1']);
    expect(input.report()).toEqual([
      { name: 'app-filename', value: join(dir, 'logs', 'app.log') },
      { name: 'app-bytes', value: 14, representation: 'count' },
    ]);
    controller.abort();
    await run;
    expect(s.stopped).toBe(true);
  });

  it('journals only delivered positions: nothing before delivery, then the end of the last delivered record', async () => {
    const file = join(dir, 'logs', 'app.log');
    await writeFile(file, lines(1, 4));
    const { context, controller, run } = start();
    await waitFor(() => records(context.stream('app')) === 4, 5000, 'records');
    await new Promise((r) => setTimeout(r, 100));
    await expect(readFile(join(dir, 'journal', 'app'))).rejects.toThrow('ENOENT');
    context.stream('app')!.deliver(2);
    // The reader polls every 20 ms at end of data and saves what was delivered meanwhile.
    expect(await journalAt(14)).toEqual({ seek: 14, file_name: file, last_hash: windowHash((await readWindowBefore(file, 14))!) });
    controller.abort();
    await run;
    expect((await journal()).seek).toBe(14);
    // Deliveries after the stop (the pipeline draining) still move the journal.
    context.stream('app')!.deliver();
    await journalAt(28);
  });

  it('resumes after the journaled position on the next start', async () => {
    const file = join(dir, 'logs', 'app.log');
    await writeFile(file, lines(1, 3));
    const first = start();
    await waitFor(() => records(first.context.stream('app')) === 3, 5000, 'records');
    first.context.stream('app')!.deliver();
    first.controller.abort();
    await first.run;
    await appendFile(file, lines(4, 5));
    const second = start();
    await waitFor(() => records(second.context.stream('app')) === 2, 5000, 'records after resume');
    expect(second.context.stream('app')!.payloads).toEqual(['line 4\n', 'line 5\n']);
    second.controller.abort();
    await second.run;
  });

  it('follows many streams in parallel, finds new ones on rescan and reads .gz files', async () => {
    await writeFile(join(dir, 'logs', 'a.log'), lines(1, 2, 'a'));
    await writeFile(join(dir, 'logs', 'b.log.gz'), gzipSync(lines(1, 3, 'b')));
    const { context, controller, run } = start({ fileMatch: '(?P<Name>\\w+)\\.log(\\.gz)?', differentiator: ['Name', '-log'] }, { rescanMs: 50 });
    await waitFor(() => records(context.stream('a-log')) === 2 && records(context.stream('b-log')) === 3, 5000, 'a and b');
    expect(context.stream('b-log')!.payloads).toEqual(['b 1\n', 'b 2\n', 'b 3\n']);
    await writeFile(join(dir, 'logs', 'c.log'), lines(1, 1, 'c'));
    await appendFile(join(dir, 'logs', 'a.log'), lines(3, 3, 'a'));
    await waitFor(() => records(context.stream('c-log')) === 1 && records(context.stream('a-log')) === 3, 5000, 'c found, a grown');
    controller.abort();
    await run;
    expect(context.streams.every((s) => s.stopped)).toBe(true);
  });

  it('waits while a push is held back, and stops promptly when aborted meanwhile', async () => {
    await writeFile(join(dir, 'logs', 'app.log'), lines(1, 100_000));
    const { context, controller, run } = start();
    context.block();
    await waitFor(() => (context.stream('app')?.pushes.length ?? 0) === 1, 5000, 'first push');
    await new Promise((r) => setTimeout(r, 100));
    expect(context.stream('app')!.pushes).toHaveLength(1);
    context.release();
    await waitFor(() => records(context.stream('app')) === 100_000, 10_000, 'all records');
    context.block();
    await appendFile(join(dir, 'logs', 'app.log'), lines(1, 1, 'late'));
    await waitFor(() => records(context.stream('app')) === 100_001, 5000, 'late record');
    controller.abort();
    await run;
    expect(context.stream('app')!.stopped).toBe(true);
  });

  it('stops when told to during its first scan (hekad stopped right after starting)', async () => {
    await writeFile(join(dir, 'logs', 'app.log'), lines(1, 3));
    const { context, controller, run } = start();
    controller.abort(); // before the scan (a promise away) has finished
    await run;
    expect(context.stream('app')?.stopped ?? true).toBe(true);
  });

  it('fails to start with Heka\'s scan error when a stream has several files and no priority', async () => {
    await writeFile(join(dir, 'logs', 'app.log'), '');
    await writeFile(join(dir, 'logs', 'app.log.1'), '');
    const { run } = start({ fileMatch: 'app\\.log(\\.\\d)?' });
    await expect(run).rejects.toThrow(/^Found multiple logfiles without Priority to sort on for name: app/);
  });

  it('fails to start when log_directory does not exist', async () => {
    const { run } = start({ logDirectory: join(dir, 'nope') });
    await expect(run).rejects.toThrow(join(dir, 'nope'));
  });
});
