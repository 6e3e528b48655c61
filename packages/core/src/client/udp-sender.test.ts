import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { Message, decodeMessage, encodeMessage, frameMessage, FrameReader } from '../index.js';
import { UdpSender } from './udp-sender.js';

describe('UdpSender', () => {
  it('sends one datagram per record and fails records over max_message_size without sending them', async () => {
    const server = createSocket('udp4');
    const got: Buffer[] = [];
    server.on('message', (m) => got.push(m));
    await new Promise<void>((r) => server.bind(0, '127.0.0.1', () => r()));
    const { port } = server.address() as AddressInfo;
    const sender = new UdpSender({ address: `127.0.0.1:${port}`, maxMessageSize: 200 });
    await sender.connect();
    const errors: (Error | undefined)[] = [];
    for (const payload of ['a', 'x'.repeat(300), 'b']) {
      sender.send(frameMessage(encodeMessage(new Message({ payload }))), (e) => errors.push(e));
    }
    await sender.flush();
    const deadline = Date.now() + 5000;
    while (got.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await sender.close();
    server.close();
    expect(errors.map((e) => e?.message)).toEqual([expect.stringMatching(/exceeds the maximum datagram size 200/), undefined, undefined]);
    const payloads = got.map((d) => {
      const reader = new FrameReader();
      reader.push(d);
      const [item] = reader.finish();
      return item?.kind === 'record' ? decodeMessage(item.message).payload : '?';
    });
    expect(payloads.sort()).toEqual(['a', 'b']);
    expect(sender.stats).toMatchObject({ sent: 2, errors: 1 });
  });

  it('rejects connect() for a host that does not resolve', async () => {
    const sender = new UdpSender({ address: 'no-such-host.invalid:5565' });
    await expect(sender.connect()).rejects.toThrow(/ENOTFOUND|EAI_AGAIN/);
    expect(sender.failure).toBeDefined();
  });

  it('refuses unixgram and other networks with a hint', () => {
    expect(() => new UdpSender({ address: 'x:1', net: 'unixgram' })).toThrow(/not supported/);
    expect(() => new UdpSender({ address: 'x:1', net: 'tcp' })).toThrow(/not a UDP network/);
  });
});
