// UdpInputInstance against a fake pipeline on 127.0.0.1: one unit per datagram, and while the
// pipeline is full a bounded queue whose overflow is dropped, counted and logged.
import { createSocket } from 'node:dgram';
import { FakeInputContext, waitFor } from './fake-input-context.js';
import { UdpInputInstance } from './udp-listener.js';

// The input is stopped even when a test fails, so that jest can finish.
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function start(queueLimit: number) {
  const input = new UdpInputInstance({ address: { host: '127.0.0.1', port: 0 }, net: 'udp', setHostname: true, signers: new Map(), queueLimit });
  const ctx = new FakeInputContext('udp');
  const abort = new AbortController();
  const running = input.run(ctx, abort.signal);
  cleanups.push(() => abort.abort());
  await waitFor(() => ctx.logs.some((l) => l.startsWith('listening on ')), 10_000, 'listening');
  const port = Number(/:(\d+)$/.exec(ctx.logs.find((l) => l.startsWith('listening on '))!)![1]);
  return { input, ctx, port, abort, running };
}

const field = (input: UdpInputInstance, name: string): unknown => input.report().find((f) => f.name === name)?.value;

describe('UdpInputInstance', () => {
  const client = createSocket('udp4');
  afterAll(() => client.close());
  const send = (port: number, text: string): Promise<void> =>
    new Promise((resolve, reject) => client.send(Buffer.from(text), port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));

  it('ends a unit after each datagram and decorates with the input name and the sender', async () => {
    const { ctx, port, abort, running } = await start(16);
    await send(port, 'no newline');
    await send(port, 'two\nlines\n');
    await waitFor(() => (ctx.streams[0]?.units ?? 0) === 2, 10_000, 'two datagrams');
    const stream = ctx.streams[0]!;
    expect(stream.payloads).toEqual(['no newline', 'two\n', 'lines\n']);
    expect(stream.records.map((r) => [r.message.type, r.message.hostname])).toEqual(Array(3).fill(['udp', '127.0.0.1']));
    abort.abort();
    await running;
    expect(stream.ended).toBe(true);
  });

  it('holds datagrams while the pipeline is full, drops what exceeds the queue, counts and logs it', async () => {
    const { input, ctx, port, abort, running } = await start(2);
    ctx.block();
    for (let i = 0; i < 10; i++) await send(port, `d${i}\n`);
    await waitFor(() => field(input, 'DatagramCount') === 10, 10_000, 'ten datagrams');
    // d0 went in and waits; d1 and d2 are queued; d3..d9 did not fit.
    expect(field(input, 'DropDatagramCount')).toBe(7);
    expect(ctx.errors).toEqual(['the pipeline is full and 2 datagrams wait: dropping new ones until there is room (see DropDatagramCount)']);
    ctx.release();
    await waitFor(() => ctx.streams[0]!.units === 3, 10_000, 'queued datagrams');
    expect(ctx.streams[0]!.payloads).toEqual(['d0\n', 'd1\n', 'd2\n']);
    expect(ctx.logs).toContain('room again in the pipeline; 7 datagrams were dropped meanwhile');
    abort.abort();
    await running;
  });
});
