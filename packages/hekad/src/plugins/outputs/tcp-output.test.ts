// TcpOutput against a real TCP server on 127.0.0.1 (core's FrameSink, which reads the stream
// with FrameReader), driven without the pipeline through a fake consumer context.
import { Message, decodeMessage } from '@heka/core';
import { FrameSink, decodeTlsSettings, freePort } from '@heka/core/testing';
import { Pack } from '../../pipeline/pack.js';
import { ProtobufEncoderInstance } from '../encoders/protobuf-encoder.js';
import { FakeConsumerContext, FakeDelivery } from './fake-context.js';
import { TcpOutputInstance, type TcpOutputConfig } from './tcp-output.js';

const pack = (i: number): Pack => new Pack(new Message({ timestamp: 1n, type: 'seq', payload: `message ${String(i).padStart(4, '0')}` }));
const payloads = (sink: FrameSink): string[] => sink.records.map((r) => decodeMessage(r.message).payload);
const range = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `message ${String(from + i).padStart(4, '0')}`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** The framed size of every test message, for queue bounds counted in messages. */
const FRAMED = new FakeConsumerContext(new ProtobufEncoderInstance(), true).encode(pack(0))!.length;


function config(address: string, options: Partial<TcpOutputConfig> = {}): TcpOutputConfig {
  return { address, local_address: '', use_tls: false, tls: decodeTlsSettings({}), keep_alive: true, keep_alive_period: 0, reconnect_after: 0, ...options };
}

const fastRetries = { delay: 50_000_000n, max_delay: 400_000_000n, max_jitter: 50_000_000n, max_retries: -1 };
const buffering = (max_buffer_size: number, full_action: 'drop' | 'block' | 'shutdown' = 'drop') => ({ max_file_size: 134217728, max_buffer_size, full_action, cursor_update_count: 50 });

/** Closes the peer and waits until the output has noticed (its reconnect line), however slow the machine. */
async function peerGoesAway(sink: FrameSink, context: FakeConsumerContext): Promise<void> {
  const before = context.errors.filter((e) => e.startsWith('writing to')).length;
  await sink.close();
  await waitUntil('the output to notice', () => context.errors.filter((e) => e.startsWith('writing to')).length > before);
}

async function waitUntil(what: string, test: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('TcpOutput', () => {
  const sinks: FrameSink[] = [];
  afterEach(async () => { await Promise.all(sinks.splice(0).map((s) => s.close())); });
  const startSink = async (port = 0): Promise<FrameSink> => { const s = await FrameSink.start({ port }); sinks.push(s); return s; };

  it('frames every test message to the same size (the bounds below count messages)', () => {
    const context = new FakeConsumerContext(new ProtobufEncoderInstance(), true);
    expect(new Set([0, 7, 99, 1000].map((i) => context.encode(pack(i))!.length))).toEqual(new Set([FRAMED]));
  });

  it('frames protobuf messages, completing each delivery only once the socket took it', async () => {
    const sink = await startSink();
    const output = new TcpOutputInstance(config(sink.address), { use_buffering: true, buffering: buffering(0), retries: fastRetries });
    const context = new FakeConsumerContext(new ProtobufEncoderInstance(), true);
    output.prepare(context);
    const delivery = new FakeDelivery();
    for (let i = 0; i < 100; i++) expect(output.processMessage(pack(i), delivery)).toBeUndefined();
    expect(delivery.deferred).toBe(100);
    await sink.waitFor(100);
    await waitUntil('deliveries', () => delivery.done === 100);
    expect(payloads(sink)).toEqual(range(0, 100));
    await output.cleanUp();
    expect(context.errors).toEqual([]);
  });

  it('loses nothing within the queue bound while the peer is away for 10 s, and reports what exceeds it', async () => {
    const port = await freePort();
    let sink = await startSink(port);
    const bound = 40;
    const output = new TcpOutputInstance(config(`127.0.0.1:${port}`), { use_buffering: true, buffering: buffering(bound * FRAMED, 'drop'), retries: fastRetries });
    const context = new FakeConsumerContext(new ProtobufEncoderInstance(), true, 'to_aggregator');
    output.prepare(context);
    const delivery = new FakeDelivery();
    for (let i = 0; i < 10; i++) output.processMessage(pack(i), delivery);
    await sink.waitFor(10);

    // The peer goes away for 10 s; messages keep coming, 30 of them (within the bound of 40).
    await peerGoesAway(sink, context);
    const awayAt = Date.now();
    for (let i = 10; i < 40; i++) {
      output.processMessage(pack(i), delivery);
      await sleep(300);
    }
    expect(context.errors.some((e) => /^writing to 127\.0\.0\.1:\d+: .*; reconnecting in \d+ ms \(\d+ messages queued\)$/.test(e))).toBe(true);
    await waitUntil('wait out the 10 s', () => Date.now() - awayAt >= 10_000);
    expect(delivery.done).toBe(10);
    sink = await startSink(port);
    await sink.waitFor(30);
    expect(payloads(sink)).toEqual(range(10, 40));
    await waitUntil('deliveries', () => delivery.done === 40);
    expect(context.logs).toContain(`reconnected to 127.0.0.1:${port}`);

    // Away again: 60 messages against a bound of 40 — 20 dropped, counted and reported.
    await peerGoesAway(sink, context);
    for (let i = 40; i < 100; i++) output.processMessage(pack(i), delivery);
    expect(context.errors.filter((e) => e.startsWith('queue full'))).toEqual([
      `queue full (40 messages, ${40 * FRAMED} of ${40 * FRAMED} bytes): dropping messages until there is room (buffering.full_action = "drop")`,
    ]);
    expect(output.report()).toEqual(expect.arrayContaining([{ name: 'DropMessageCount', value: 20, representation: 'count' }, { name: 'QueuedMessages', value: 40, representation: 'count' }]));
    // Dropped messages complete their delivery (the loss is reported, not retried); queued ones wait.
    expect(delivery.done).toBe(60);
    sink = await startSink(port);
    await sink.waitFor(40);
    expect(payloads(sink)).toEqual(range(40, 80));
    output.processMessage(pack(100), delivery);
    expect(context.errors.at(-1)).toBe('queue has room again: 20 message(s) were dropped while it was full (20 in total)');
    await sink.waitFor(41);
    await output.cleanUp();
    expect(delivery.done).toBe(101);
  }, 60_000);

  it('with full_action = "block", holds messages back instead of dropping them', async () => {
    const port = await freePort();
    const output = new TcpOutputInstance(config(`127.0.0.1:${port}`), { use_buffering: true, buffering: buffering(5 * FRAMED, 'block'), retries: fastRetries });
    const context = new FakeConsumerContext(new ProtobufEncoderInstance(), true);
    output.prepare(context);
    const delivery = new FakeDelivery();
    for (let i = 0; i < 5; i++) expect(output.processMessage(pack(i), delivery)).toBeUndefined();
    const blocked = output.processMessage(pack(5), delivery);
    expect(blocked).toBeInstanceOf(Promise);
    let settled = false;
    void (blocked as Promise<void>).then(() => { settled = true; });
    await sleep(300);
    expect(settled).toBe(false);
    const sink = await startSink(port);
    await blocked;
    await sink.waitFor(6);
    expect(payloads(sink)).toEqual(range(0, 6));
    await output.cleanUp();
  });

  it('with use_buffering = false, holds messages back whatever full_action says (Heka retried unbuffered messages)', async () => {
    const port = await freePort();
    const output = new TcpOutputInstance(config(`127.0.0.1:${port}`), { use_buffering: false, buffering: buffering(2 * FRAMED, 'drop'), retries: fastRetries }, 200);
    output.prepare(new FakeConsumerContext(new ProtobufEncoderInstance(), true));
    const delivery = new FakeDelivery();
    output.processMessage(pack(0), delivery);
    output.processMessage(pack(1), delivery);
    const blocked = output.processMessage(pack(2), delivery);
    expect(blocked).toBeInstanceOf(Promise);
    const sink = await startSink(port);
    await blocked;
    await sink.waitFor(3);
    expect(output.report()).toContainEqual({ name: 'DropMessageCount', value: 0, representation: 'count' });
    await output.cleanUp();
  });

  it('with full_action = "shutdown", stops the plugin when the queue is full', async () => {
    const port = await freePort();
    const output = new TcpOutputInstance(config(`127.0.0.1:${port}`), { use_buffering: true, buffering: buffering(2 * FRAMED, 'shutdown'), retries: fastRetries }, 200);
    output.prepare(new FakeConsumerContext(new ProtobufEncoderInstance(), true));
    const delivery = new FakeDelivery();
    output.processMessage(pack(0), delivery);
    output.processMessage(pack(1), delivery);
    expect(() => output.processMessage(pack(2), delivery)).toThrow(/queue full .* buffering.full_action = "shutdown"/);
    await output.cleanUp();
  });

  it('reports messages still queued at shutdown and leaves their deliveries open', async () => {
    const port = await freePort();
    const output = new TcpOutputInstance(config(`127.0.0.1:${port}`), { use_buffering: true, buffering: buffering(0), retries: fastRetries }, 300);
    const context = new FakeConsumerContext(new ProtobufEncoderInstance(), true);
    output.prepare(context);
    const delivery = new FakeDelivery();
    for (let i = 0; i < 3; i++) output.processMessage(pack(i), delivery);
    await output.cleanUp();
    expect(context.errors.at(-1)).toBe(`3 messages not delivered to 127.0.0.1:${port} at shutdown`);
    expect(delivery.done).toBe(0);
  }, 30_000);
});
