// TcpSender against a real server on 127.0.0.1 that reads the stream with FrameReader.
import { createServer, type AddressInfo } from 'node:net';
import { Message, decodeMessage, frameMessage, encodeMessage } from '../index.js';
import { FrameSink, freePort } from '../testing/frame-sink.js';
import type { SenderEvent } from './sender.js';
import { TcpSender } from './tcp-sender.js';

const record = (i: number): Uint8Array => frameMessage(encodeMessage(new Message({ type: 'seq', payload: String(i) })));
const payloads = (sink: FrameSink): string[] => sink.records.map((r) => decodeMessage(r.message).payload);
const range = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => String(from + i));


describe('TcpSender', () => {
  const sinks: FrameSink[] = [];
  const senders: TcpSender[] = [];
  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.close(100)));
    await Promise.all(sinks.splice(0).map((s) => s.close()));
  });
  const start = async (options = {}): Promise<FrameSink> => { const s = await FrameSink.start(options); sinks.push(s); return s; };
  const sender = (options: ConstructorParameters<typeof TcpSender>[0]): TcpSender => { const s = new TcpSender(options); senders.push(s); return s; };

  it('writes records in order, coalesced, completing each once the socket took it', async () => {
    const sink = await start();
    const s = sender({ address: sink.address });
    await s.connect();
    const done: number[] = [];
    for (let i = 0; i < 5000; i++) expect(s.send(record(i), (err) => { expect(err).toBeUndefined(); done.push(i); })).toBe(true);
    await s.flush();
    await sink.waitFor(5000);
    expect(payloads(sink)).toEqual(range(0, 5000));
    expect(done).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(s.stats.sent).toBe(5000);
    expect(sink.skipped).toBe(0);
  });

  it('without reconnect, a refused connection rejects connect() and fails queued records', async () => {
    const port = await freePort();
    const s = sender({ address: `127.0.0.1:${port}` });
    await expect(s.connect()).rejects.toThrow(/ECONNREFUSED/);
    const errors: (Error | undefined)[] = [];
    s.send(record(1), (e) => errors.push(e));
    expect(errors[0]?.message).toMatch(/ECONNREFUSED/);
  });

  it('redials with back-off while the peer is away and delivers what was queued, in order', async () => {
    const port = await freePort();
    const events: SenderEvent['kind'][] = [];
    const s = sender({ address: `127.0.0.1:${port}`, reconnect: { initialMs: 20, maxMs: 100, jitterMs: 10 }, onEvent: (e) => events.push(e.kind) });
    for (let i = 0; i < 50; i++) s.send(record(i));
    // Wait for two failed dials (however slow this machine is), then bring the peer up.
    const deadline = Date.now() + 20_000;
    while (events.filter((k) => k === 'retrying').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(events.filter((k) => k === 'retrying').length).toBeGreaterThanOrEqual(2);
    expect(s.queued).toBe(50);
    const sink = await start({ port });
    await sink.waitFor(50);
    expect(payloads(sink)).toEqual(range(0, 50));

    // The peer goes away again; once the sender has seen it, new records wait for its return.
    const lostBefore = events.filter((k) => k === 'disconnected').length;
    await sink.close();
    const seen = Date.now() + 20_000;
    while (events.filter((k) => k === 'disconnected').length === lostBefore && Date.now() < seen) await new Promise((r) => setTimeout(r, 10));
    for (let i = 50; i < 80; i++) s.send(record(i));
    const back = await start({ port });
    await back.waitFor(30);
    expect(payloads(back)).toEqual(range(50, 80));
    expect(s.stats.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('refuses records beyond maxQueuedBytes and makes room as they are written', async () => {
    const port = await freePort();
    const size = record(0).length;
    const s = sender({ address: `127.0.0.1:${port}`, reconnect: { initialMs: 20, maxMs: 50, jitterMs: 0 }, maxQueuedBytes: size * 10 });
    let accepted = 0;
    for (let i = 0; i < 15; i++) if (s.send(record(i))) accepted++;
    expect(accepted).toBe(10);
    expect(s.queuedBytes).toBe(size * 10);
    const room = s.whenRoom();
    const sink = await start({ port });
    await room;
    await sink.waitFor(10);
    expect(payloads(sink)).toEqual(range(0, 10));
  });

  it('closes and redials after reconnect_after records', async () => {
    const sink = await start();
    const s = sender({ address: sink.address, reconnectAfter: 3, reconnect: { initialMs: 10 } });
    for (let i = 0; i < 10; i++) s.send(record(i));
    await sink.waitFor(10);
    expect(payloads(sink)).toEqual(range(0, 10));
    expect(sink.connections).toBe(4);
  });

  it('treats a peer closing the connection as a loss, also with reconnect_after = 0 (never)', async () => {
    const sink = await start();
    const events: SenderEvent['kind'][] = [];
    const s = sender({ address: sink.address, reconnectAfter: 0, reconnect: { initialMs: 10 }, onEvent: (e) => events.push(e.kind) });
    await s.connect();
    await sink.close();
    const deadline = Date.now() + 20_000;
    while (!events.includes('retrying') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(events.slice(0, 3)).toEqual(['connected', 'disconnected', 'retrying']);
    expect(s.stats.errors).toBe(1);
  });

  it('binds to local_address', async () => {
    let remotePort = 0;
    const server = createServer((socket) => { remotePort = socket.remotePort ?? 0; socket.resume(); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const localPort = await freePort();
    const s = sender({ address: `127.0.0.1:${(server.address() as AddressInfo).port}`, localAddress: `127.0.0.1:${localPort}` });
    await s.connect();
    await s.close(100);
    await new Promise<void>((r) => server.close(() => r()));
    expect(remotePort).toBe(localPort);
  });
});
