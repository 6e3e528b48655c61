// UdpOutput: each encoded message as one datagram. A message over max_message_size is dropped
// with an error and counted; delivery completes when the datagram is sent.
import { UdpSender, definePlugin, f, type ConfigValues, type SenderEvent } from '@heka/core';
import type { ConsumerContext, Delivery, Output, ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';

const options = {
  net: f.oneOf(['udp', 'udp4', 'udp6', 'unixgram'], { default: 'udp', doc: 'Network: udp, udp4 or udp6 ("unixgram" is refused: Node has no Unix datagram sockets).' }),
  address: f.string({ required: true, example: '127.0.0.1:5566', doc: 'host:port to send datagrams to.' }),
  local_address: f.string({ default: '', doc: 'Local address (host or host:port) to send from.' }),
  max_message_size: f.uint({ default: 65507, min: 512, max: 65507, doc: 'Largest datagram sent, in bytes; bigger messages are dropped and counted.' }),
};
export type UdpOutputConfig = ConfigValues<typeof options>;

export class UdpOutputInstance implements Output {
  private context: ConsumerContext | undefined;
  private sender: UdpSender | undefined;
  private processed = 0;
  private dropped = 0;

  constructor(private readonly config: UdpOutputConfig) {}

  async prepare(context: ConsumerContext): Promise<void> {
    this.context = context;
    const { config } = this;
    this.sender = new UdpSender({
      address: config.address,
      net: config.net,
      maxMessageSize: config.max_message_size,
      ...(config.local_address !== '' ? { localAddress: config.local_address } : {}),
      onEvent: (e: SenderEvent) => { if (e.kind === 'send-failed') context.error(`sending to ${e.address}: ${e.error.message}`); },
    });
    await this.sender.connect();
  }

  processMessage(pack: Pack, delivery: Delivery): void | Promise<void> {
    const bytes = this.context!.encode(pack);
    if (bytes === undefined) return;
    const deferred = delivery.defer();
    // A datagram that fails (too big, refused) is dropped for good: UDP has nothing to retry.
    const sent = (err?: Error): void => {
      if (err) this.dropped++;
      deferred.release();
    };
    const sender = this.sender!;
    if (sender.send(bytes, sent)) {
      this.processed++;
      return;
    }
    return (async () => {
      while (!sender.send(bytes, sent)) await sender.whenRoom();
      this.processed++;
    })();
  }

  async cleanUp(): Promise<void> {
    await this.sender?.close();
  }

  report(): readonly ReportField[] {
    return [
      { name: 'ProcessMessageCount', value: this.processed, representation: 'count' },
      { name: 'DropMessageCount', value: this.dropped, representation: 'count' },
      { name: 'SentMessageCount', value: this.sender?.stats.sent ?? 0, representation: 'count' },
    ];
  }
}

export const UdpOutput = definePlugin({
  type: 'UdpOutput',
  family: 'output',
  summary: 'Sends each encoded message as one UDP datagram.',
  example: `
[PayloadEncoder]

[udp_out]
type = "UdpOutput"
message_matcher = "TRUE"
address = "127.0.0.1:5566"
encoder = "PayloadEncoder"
`,
  common: {
    encoder: f.string({ required: true, example: 'PayloadEncoder', doc: 'Encoder section that turns messages into bytes. Required.' }),
  },
  config: options,
  rules: [
    (c) => (c.net === 'unixgram'
      ? { key: 'net', message: 'net "unixgram" is not supported: Node has no Unix datagram sockets', hint: 'send over "udp" to a local address instead' }
      : undefined),
  ],
  create: (config) => new UdpOutputInstance(config),
});
