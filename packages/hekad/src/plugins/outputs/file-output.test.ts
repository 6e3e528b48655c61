import { mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, Message } from '@heka/core';
import { RetryMessageError, type Encoder } from '../../pipeline/contracts.js';
import { Pack } from '../../pipeline/pack.js';
import { PayloadEncoderInstance } from '../encoders/payload-encoder.js';
import { ProtobufEncoderInstance } from '../encoders/protobuf-encoder.js';
import { FakeConsumerContext, FakeDelivery, payloadPack } from './fake-context.js';
import { FileOutputInstance, MAX_BATCH_BYTES, MAX_GROUP_BYTES, type FileOutputConfig, type FileOutputDeps } from './file-output.js';
import { nodeFs, type AppendHandle, type OutputFs } from './output-file.js';

const lines: Encoder = new PayloadEncoderInstance({ append_newlines: true, prefix_ts: false, ts_from_message: true, ts_format: '' });
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'file-output-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

function config(options: Partial<FileOutputConfig>): FileOutputConfig {
  return { path: join(dir, 'out.log'), perm: '644', folder_perm: '700', flush_interval: 0, flush_count: 1, flush_operator: 'AND', rotation_interval: 0, ...options };
}

async function start(options: Partial<FileOutputConfig>, deps: FileOutputDeps = {}, encoder = lines, framing = false) {
  const output = new FileOutputInstance(config(options), deps);
  const context = new FakeConsumerContext(encoder, framing);
  await output.prepare(context);
  return { output, context, delivery: new FakeDelivery() };
}

/** The real file system, with some calls of each opened file replaced (faults, slow fsyncs). */
function fsWith(replace: (handle: AppendHandle) => Partial<AppendHandle>): OutputFs {
  return {
    mkdir: nodeFs.mkdir,
    open: async (path, flags, mode) => {
      const handle = await nodeFs.open(path, flags, mode);
      return {
        writev: (buffers) => handle.writev(buffers),
        sync: () => handle.sync(),
        close: () => handle.close(),
        ...replace(handle),
      };
    },
  };
}

const read = (name = 'out.log'): string => readFileSync(join(dir, name), 'utf8');

describe('FileOutput', () => {
  it('batches flush_count messages and completes deliveries only after the write', async () => {
    const { output, delivery } = await start({ flush_count: 3 });
    await output.processMessage(payloadPack('a'), delivery);
    await output.processMessage(payloadPack('b'), delivery);
    expect([read(), delivery.done, delivery.deferred]).toEqual(['', 0, 2]);
    // The due batch is written in the background: processMessage does not wait for it.
    expect(output.processMessage(payloadPack('c'), delivery)).toBeUndefined();
    expect(delivery.done).toBe(0);
    await output.writes();
    expect([read(), delivery.done]).toEqual(['a\nb\nc\n', 3]);
    await output.cleanUp();
  });

  it('writes the next batch while the one before is fsynced, and completes each batch only after an fsync that covers it', async () => {
    const syncs: (() => void)[] = [];
    // Each fsync waits until the test lets it finish.
    const fs = fsWith((handle) => ({ sync: () => new Promise<void>((resolve) => syncs.push(() => void handle.sync().then(resolve))) }));
    const { output, delivery } = await start({ flush_count: 2 }, { fs });
    for (const p of ['a', 'b', 'c']) expect(output.processMessage(payloadPack(p), delivery)).toBeUndefined();
    while (syncs.length === 0) await new Promise((r) => setTimeout(r, 1));
    // The second batch is written while the first one's fsync runs; the runner is not held.
    expect(output.processMessage(payloadPack('d'), delivery)).toBeUndefined();
    while (read() !== 'a\nb\nc\nd\n') await new Promise((r) => setTimeout(r, 1));
    expect([syncs.length, delivery.done]).toEqual([1, 0]);
    syncs.shift()!();
    // The first fsync started before c and d were written: only a and b are delivered by it.
    while (syncs.length === 0) await new Promise((r) => setTimeout(r, 1));
    expect(delivery.done).toBe(2);
    syncs.shift()!();
    await output.writes();
    expect([read(), delivery.done]).toEqual(['a\nb\nc\nd\n', 4]);
    await output.cleanUp();
  });

  it('while a write is under way, due batches join into one write (group commit), holding the runner only at MAX_GROUP_BYTES', async () => {
    const writes: (() => void)[] = [];
    let calls = 0;
    // Each writev waits until the test lets it go on.
    const fs = fsWith((handle) => ({
      writev: (buffers) => {
        calls++;
        return new Promise((resolve, reject) => writes.push(() => void handle.writev(buffers).then(resolve, reject)));
      },
    }));
    const { output, delivery } = await start({ flush_count: 2 }, { fs });
    for (const p of ['a', 'b']) expect(output.processMessage(payloadPack(p), delivery)).toBeUndefined();
    while (writes.length === 0) await new Promise((r) => setTimeout(r, 1));
    for (const p of ['c', 'd', 'e', 'f']) expect(output.processMessage(payloadPack(p), delivery)).toBeUndefined();
    writes.shift()!();
    // c to f were due twice over; they go in one write.
    while (writes.length === 0) await new Promise((r) => setTimeout(r, 1));
    writes.shift()!();
    await output.writes();
    expect([read(), calls, delivery.done]).toEqual(['a\nb\nc\nd\ne\nf\n', 2, 6]);

    // A batch of MAX_GROUP_BYTES that the busy writer cannot take holds the runner until it can.
    for (const p of ['g', 'h']) output.processMessage(payloadPack(p), delivery);
    while (writes.length === 0) await new Promise((r) => setTimeout(r, 1));
    const line = 'x'.repeat(1023);
    let held: Promise<void> | undefined;
    let added = 0;
    while (held === undefined) {
      held = output.processMessage(payloadPack(line), delivery);
      added++;
    }
    expect(added).toBe(Math.ceil((MAX_GROUP_BYTES - 4) / 1024));
    let released = false;
    void held.then(() => { released = true; });
    await new Promise((r) => setTimeout(r, 5));
    expect(released).toBe(false);
    writes.shift()!();
    await held;
    while (writes.length > 0 || !released) {
      writes.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    const closing = output.cleanUp();
    while (delivery.pending > 0) {
      writes.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    await closing;
    expect(read().length).toBe(12 + 4 + added * 1024);
  });

  it('creates folders with folder_perm and the file with perm', async () => {
    const path = join(dir, 'x', 'y', 'out.log');
    const { output, delivery } = await start({ path, perm: '640', folder_perm: '750' });
    await output.processMessage(payloadPack('a'), delivery);
    await output.cleanUp();
    expect((statSync(path).mode & 0o777).toString(8)).toBe('640');
    expect((statSync(join(dir, 'x', 'y')).mode & 0o777).toString(8)).toBe('750');
  });

  it('writes what is batched at cleanUp', async () => {
    const { output, delivery } = await start({ flush_count: 100, flush_interval: 60_000 });
    for (const p of ['1', '2']) await output.processMessage(payloadPack(p), delivery);
    await output.cleanUp();
    expect([read(), delivery.pending]).toEqual(['1\n2\n', 0]);
  });

  it('OR: the interval timer writes a partial batch', async () => {
    const { output, delivery } = await start({ flush_count: 100, flush_interval: 20, flush_operator: 'OR' });
    await output.processMessage(payloadPack('tick'), delivery);
    await new Promise((r) => setTimeout(r, 80));
    expect([read(), delivery.done]).toEqual(['tick\n', 1]);
    await output.cleanUp();
  });

  it('AND: waits for the interval even when flush_count is reached', async () => {
    const { output, delivery } = await start({ flush_count: 1, flush_interval: 60, flush_operator: 'AND' });
    await output.processMessage(payloadPack('a'), delivery);
    expect(read()).toBe('');
    await new Promise((r) => setTimeout(r, 150));
    expect(read()).toBe('a\n');
    await output.cleanUp();
  });

  it('writes a batch that reaches MAX_BATCH_BYTES however large flush_count is, and copes with very many messages', async () => {
    const { output, delivery } = await start({ flush_count: 1_000_000, flush_interval: 60_000, flush_operator: 'AND' });
    const line = 'x'.repeat(63);
    const n = Math.ceil(MAX_BATCH_BYTES / 64) + 10;
    for (let i = 0; i < n; i++) await output.processMessage(payloadPack(line), delivery);
    await output.writes();
    expect(delivery.done).toBe(Math.ceil(MAX_BATCH_BYTES / 64));
    await output.cleanUp();
    expect(read().length).toBe(n * 64);
    expect(delivery.pending).toBe(0);
  });

  it('frames protobuf messages with use_framing', async () => {
    const { output, delivery } = await start({}, {}, new ProtobufEncoderInstance(), true);
    await output.processMessage(new Pack(new Message({ timestamp: 5n, payload: 'p' })), delivery);
    await output.cleanUp();
    const bytes = readFileSync(join(dir, 'out.log'));
    expect(bytes[0]).toBe(0x1e);
    const headerLength = bytes[1]!;
    expect(bytes[2 + headerLength]).toBe(0x1f);
    expect(decodeMessage(bytes.subarray(3 + headerLength)).payload).toBe('p');
  });

  it('reopens the file by name (SIGHUP after logrotate moved it)', async () => {
    const { output, delivery } = await start({});
    await output.processMessage(payloadPack('old'), delivery);
    renameSync(join(dir, 'out.log'), join(dir, 'out.log.1'));
    await output.reopen();
    await output.processMessage(payloadPack('new'), delivery);
    await output.cleanUp();
    expect([read('out.log.1'), read()]).toEqual(['old\n', 'new\n']);
  });

  it('rotates to the file named for the new period', async () => {
    let now = BigInt(Date.UTC(2024, 0, 1, 10, 30)) * 1_000_000n;
    const { output, delivery } = await start({ path: join(dir, '%Y%m%d-%H.log'), rotation_interval: 1 }, { now: () => now });
    const hour = (ms: bigint): string => new Date(Number(ms / 1_000_000n)).getHours().toString().padStart(2, '0');
    const first = `20240101-${hour(now)}.log`;
    await output.processMessage(payloadPack('a'), delivery);
    now += 3_600_000_000_000n;
    await output.rotate();
    await output.processMessage(payloadPack('b'), delivery);
    await output.cleanUp();
    expect([read(first), read(`20240101-${hour(now)}.log`)]).toEqual(['a\n', 'b\n']);
  });

  it('reports a failed write, refuses new messages with RetryMessageError, then writes everything once, in order', async () => {
    let failures = 2;
    // Short writes of at most 3 bytes, and ENOSPC while `failures` lasts.
    const fs = fsWith((handle) => ({
      writev: (buffers) => {
        if (failures > 0) { failures--; return Promise.reject(new Error('ENOSPC: no space left on device')); }
        const first = buffers[0]!;
        return handle.writev([first.subarray(0, 3)]);
      },
    }));
    const { output, context, delivery } = await start({ flush_count: 2 }, { fs });
    expect(output.takesRuns()).toBe(true);
    await output.processMessage(payloadPack('one'), delivery);
    await output.processMessage(payloadPack('two'), delivery);
    await output.writes();
    expect(context.errors).toEqual([expect.stringContaining('ENOSPC')]);
    expect(delivery.done).toBe(0);
    // messages that may be refused for a retry come one pack each, not in runs
    expect(output.takesRuns()).toBe(false);
    await expect(output.processMessage(payloadPack('three'), delivery)).rejects.toBeInstanceOf(RetryMessageError);
    expect(context.errors).toHaveLength(2);
    await output.processMessage(payloadPack('three'), delivery);
    await output.processMessage(payloadPack('four'), delivery);
    await output.cleanUp();
    expect([read(), delivery.done, delivery.deferred]).toEqual(['one\ntwo\nthree\nfour\n', 4, 4]);
  });

  it('retries an fsync that failed without writing the bytes again', async () => {
    let syncFailures = 1;
    const fs = fsWith((handle) => ({ sync: () => (syncFailures-- > 0 ? Promise.reject(new Error('EIO')) : handle.sync()) }));
    const { output, delivery } = await start({}, { fs });
    await output.processMessage(payloadPack('x'), delivery);
    expect(delivery.done).toBe(0);
    await output.flush();
    expect([read(), delivery.done]).toEqual(['x\n', 1]);
    await output.cleanUp();
  });

  it('skips messages the encoder skips, without deferring them', async () => {
    const { output, delivery } = await start({}, {}, { encode: () => undefined });
    await output.processMessage(payloadPack('x'), delivery);
    await output.cleanUp();
    expect([read(), delivery.deferred]).toEqual(['', 0]);
  });

  it('writes payloads kept in their read chunk as they lie, joined into one buffer per chunk, byte for byte', async () => {
    const asIs = new PayloadEncoderInstance({ append_newlines: false, prefix_ts: false, ts_from_message: true, ts_format: '' });
    expect(asIs.payloadOnly).toBe(true);
    const writes: number[] = [];
    const { output, delivery } = await start({ flush_count: 4 }, {
      fs: fsWith((handle) => ({ writev: (buffers) => { writes.push(buffers.length); return handle.writev(buffers); } })),
    }, asIs);
    const chunk = Buffer.from('one\ntwo\n\xffthree\n');
    const other = new Uint8Array(Buffer.from('four\n')); // its own memory: not joined
    const cut = [[0, 4], [4, 8], [8, chunk.length]] as const;
    for (const [start, end] of cut) {
      const message = new Message();
      message.setPayloadIn(chunk, start, end);
      await output.processMessage(new Pack(message), delivery);
    }
    await output.processMessage(new Pack(new Message({ payload: other })), delivery);
    await output.writes();
    expect(readFileSync(join(dir, 'out.log'))).toEqual(Buffer.concat([chunk, other]));
    expect([writes, delivery.done]).toEqual([[2], 4]);
    await output.cleanUp();
  });
});
