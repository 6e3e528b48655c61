// TcpInputInstance against a fake pipeline on 127.0.0.1: back-pressure pauses the socket and
// loses nothing, each connection gets its own decorated stream, shutdown stops open streams.
import { execFileSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { FakeInputContext, waitFor } from './fake-input-context.js';
import { TCP_MESSAGE_TYPE, TcpInputInstance } from './tcp-listener.js';

const LINE = `${'x'.repeat(99)}\n`;

// Whatever a test leaves open is closed even when it fails, so that jest can finish.
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function start(): Promise<{ ctx: FakeInputContext; port: number; abort: AbortController; running: Promise<void>; input: TcpInputInstance }> {
  const input = new TcpInputInstance({ address: { host: '127.0.0.1', port: 0 }, net: 'tcp4', keepAlive: true, keepAlivePeriod: 30, tls: undefined, signers: new Map() });
  const ctx = new FakeInputContext('tcp');
  const abort = new AbortController();
  const running = input.run(ctx, abort.signal);
  cleanups.push(() => abort.abort());
  await waitFor(() => ctx.logs.some((l) => l.startsWith('listening on ')), 10_000, 'listening');
  const port = Number(/:(\d+)$/.exec(ctx.logs.find((l) => l.startsWith('listening on '))!)![1]);
  return { ctx, port, abort, running, input };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => resolve(socket));
    cleanups.push(() => socket.destroy());
  });
}

/** The keep-alive timer ss shows for hekad's end of the connection, if any. */
function keepAliveTimer(port: number, peerPort: number): string | undefined {
  const out = execFileSync('ss', ['-tnoH', 'state', 'established', `( sport = :${port} and dport = :${peerPort} )`], { encoding: 'utf8' });
  return /timer:\(keepalive[^)]*\)/.exec(out)?.[0];
}

const field = (input: TcpInputInstance, name: string): unknown => input.report().find((f) => f.name === name)?.value;

describe('TcpInputInstance', () => {
  it('pauses the connection while the pipeline is full, then delivers every record', async () => {
    const { ctx, port, abort, running, input } = await start();
    ctx.block();
    const client = await open(port);
    const LINES = 100_000; // 10 MB: far more than the socket buffers hold
    const payload = LINE.repeat(LINES);
    client.write(payload);
    await waitFor(() => ctx.streams[0]?.pushes.length === 1, 10_000, 'first push');
    // Time for the peer to fill every buffer on the way if hekad kept reading.
    await new Promise((r) => setTimeout(r, 300));
    const pushedWhileBlocked = ctx.streams[0]!.pushes.reduce((n, c) => n + c.length, 0);
    expect(ctx.streams[0]!.pushes).toHaveLength(1);
    expect(pushedWhileBlocked).toBeLessThanOrEqual(65_536);
    expect(client.writableLength).toBeGreaterThan(0);

    ctx.release();
    client.end();
    await waitFor(() => ctx.streams[0]!.ended, 30_000, 'stream end');
    expect(ctx.streams[0]!.records).toHaveLength(LINES);
    expect(field(input, 'bytes')).toBe(payload.length);
    abort.abort();
    await running;
  }, 60_000);

  it('gives each connection its own stream, named after the peer, decorated as Heka does', async () => {
    const { ctx, port, abort, running, input } = await start();
    const a = await open(port);
    const b = await open(port);
    a.write('from a\n');
    b.write('from b\n');
    await waitFor(() => ctx.streams.length === 2 && ctx.streams.every((s) => s.records.length === 1), 10_000, 'two records');
    for (const [socket, text] of [[a, 'from a\n'], [b, 'from b\n']] as const) {
      const stream = ctx.streams.find((s) => s.payloads[0] === text)!;
      expect(stream.options.token).toBe('127.0.0.1');
      expect(stream.options.source).toBe(`127.0.0.1:${socket.localPort!}`);
      const message = stream.records[0]!.message;
      expect([message.type, message.hostname]).toEqual([TCP_MESSAGE_TYPE, `127.0.0.1:${socket.localPort!}`]);
    }
    expect(field(input, 'OpenConnections')).toBe(2);
    // Shutdown with clients still connected: their streams are stopped, not ended.
    abort.abort();
    await running;
    expect(ctx.streams.map((s) => [s.stopped, s.ended])).toEqual([[true, false], [true, false]]);
    expect(field(input, 'OpenConnections')).toBe(0);
    expect(field(input, 'ConnectionCount')).toBe(2);
  }, 30_000);

  it('turns on TCP keep-alive with the configured period (as the kernel reports it)', async () => {
    const { port } = await start();
    const client = await open(port);
    await waitFor(() => keepAliveTimer(port, client.localPort!) !== undefined, 10_000, 'a keep-alive timer');
    // keep_alive_period = 30: the first probe is due within 30 s.
    const seconds = Number(/keepalive,(\d+)(?:\.\d+)?(ms|sec|min)/.exec(keepAliveTimer(port, client.localPort!)!)?.[1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(30);
  });

  it('fails to start with the reason when the port is taken', async () => {
    const { port, abort, running } = await start();
    const second = new TcpInputInstance({ address: { host: '127.0.0.1', port }, net: 'tcp', keepAlive: false, keepAlivePeriod: 0, tls: undefined, signers: new Map() });
    await expect(second.run(new FakeInputContext('again'), new AbortController().signal)).rejects.toThrow(/EADDRINUSE/);
    abort.abort();
    await running;
  });
});
