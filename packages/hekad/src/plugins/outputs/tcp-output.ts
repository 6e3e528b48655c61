// TcpOutput: sends encoded (by default framed protobuf) messages to another hekad's TcpInput.
// Messages wait in a bounded in-memory queue (there is no disk buffer yet) and are written by
// core's TcpSender, which reconnects with exponential back-off and jitter and writes again
// whatever a lost connection had not taken. A message's delivery completes (journals may move
// past it) only once the socket has taken it; what overflows the queue is counted and reported.
import {
  FramingError, TcpSender, computed, definePlugin, durationToMs, f, parseHostPort, tlsClientOptions, tlsGroup, clientTlsProblems,
  type CommonConfigOf, type ConfigValues, type SenderEvent,
} from '@heka/core';
import { PluginExitError, type ConsumerContext, type Delivery, type Output, type ReportField } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import { OverflowReporter } from './overflow.js';

/** The memory bound when buffering.max_buffer_size is 0 (Heka's "unlimited" disk queue). */
export const DEFAULT_QUEUE_BYTES = 64 * 1024 * 1024;
/** How long cleanUp waits for the queue to drain at shutdown. */
export const SHUTDOWN_FLUSH_MS = 5000;

const options = {
  address: f.string({ default: 'localhost:9125', doc: 'host:port of the TcpInput to send to.' }),
  local_address: f.string({ default: '', doc: 'Local address (host or host:port) to send from; not with use_tls.' }),
  use_tls: f.bool({ default: false, doc: 'Connect with TLS, per the `tls` table.' }),
  tls: tlsGroup({ preferServerCiphers: false }),
  keep_alive: f.bool({ default: false, doc: 'Turn TCP keep-alive on.' }),
  keep_alive_period: f.int({ default: 0, min: 0, unit: 'seconds', doc: 'Idle seconds before keep-alive probes; 0 leaves the OS default.' }),
  reconnect_after: f.uint({ default: 0, doc: 'Close the connection after this many messages and open a new one (spreads load behind a balancer); 0 never.' }),
};
export type TcpOutputConfig = ConfigValues<typeof options>;
type Common = CommonConfigOf<'output'>;

export class TcpOutputInstance implements Output {
  private context: ConsumerContext | undefined;
  private sender: TcpSender | undefined;
  private readonly queueBytes: number;
  private readonly overflow: OverflowReporter;
  private processed = 0;
  private encodeFailures = 0;
  /** Messages still queued when the sender closed at shutdown. */
  private undelivered = 0;
  private connectedBefore = false;

  constructor(
    private readonly config: TcpOutputConfig,
    private readonly common: Pick<Common, 'buffering' | 'retries' | 'use_buffering'>,
    private readonly shutdownFlushMs = SHUTDOWN_FLUSH_MS,
  ) {
    this.queueBytes = common.buffering.max_buffer_size > 0 ? common.buffering.max_buffer_size : DEFAULT_QUEUE_BYTES;
    this.overflow = new OverflowReporter((line) => this.context?.error(line), () => `${this.sender?.queued ?? 0} messages, ${this.sender?.queuedBytes ?? 0} of ${this.queueBytes} bytes`);
  }

  prepare(context: ConsumerContext): void {
    this.context = context;
    const { config, common } = this;
    this.sender = new TcpSender({
      address: config.address,
      ...(config.local_address !== '' ? { localAddress: config.local_address } : {}),
      ...(config.use_tls ? { tls: tlsClientOptions(config.tls, parseHostPort(config.address).host) } : {}),
      keepAlive: config.keep_alive,
      keepAlivePeriodMs: config.keep_alive_period * 1000,
      reconnectAfter: config.reconnect_after,
      reconnect: { initialMs: durationToMs(common.retries.delay), maxMs: durationToMs(common.retries.max_delay), jitterMs: durationToMs(common.retries.max_jitter) },
      maxQueuedBytes: this.queueBytes,
      onEvent: (e) => this.onEvent(e),
    });
  }

  private onEvent(e: SenderEvent): void {
    if (e.kind === 'connected') {
      if (this.connectedBefore) this.context?.log(`reconnected to ${e.address}`);
      this.connectedBefore = true;
    } else if (e.kind === 'retrying') {
      this.context?.error(`writing to ${e.address}: ${e.error.message}; reconnecting in ${Math.round(e.waitMs)} ms (${this.sender?.queued ?? 0} messages queued)`);
    }
  }

  processMessage(pack: Pack, delivery: Delivery): void | Promise<void> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = this.context!.encode(pack);
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      this.encodeFailures++;
      this.context!.error(`encoding: ${e.message}`);
      return;
    }
    if (bytes === undefined) return;
    const sender = this.sender!;
    const deferred = delivery.defer();
    // Only a record the socket has taken completes; at shutdown the rest stays undelivered.
    const written = (err?: Error): void => {
      if (err) this.undelivered++;
      else deferred.release();
    };
    if (sender.send(bytes, written)) return this.accepted();
    // Unbuffered, Heka's TcpOutput retried a message until it went out: back-pressure, no drops.
    switch (this.common.use_buffering ? this.common.buffering.full_action : 'block') {
      case 'block':
        return this.sendWhenRoom(bytes, written);
      case 'shutdown':
        deferred.release();
        this.overflow.total++;
        throw new PluginExitError(`queue full (${sender.queuedBytes} of ${this.queueBytes} bytes) and buffering.full_action = "shutdown"`);
      default:
        deferred.release();
        this.overflow.dropped();
    }
  }

  private accepted(): void {
    this.processed++;
    this.overflow.queued();
  }

  private async sendWhenRoom(bytes: Uint8Array, written: (err?: Error) => void): Promise<void> {
    const sender = this.sender!;
    while (!sender.send(bytes, written)) await sender.whenRoom();
    this.accepted();
  }

  async cleanUp(): Promise<void> {
    await this.sender?.close(this.shutdownFlushMs);
    if (this.undelivered > 0) {
      // Their deliveries stay open: a journaled input (LogstreamerInput) reads them again next run.
      this.context?.error(`${this.undelivered} messages not delivered to ${this.config.address} at shutdown`);
    }
  }

  report(): readonly ReportField[] {
    const s = this.sender;
    return [
      { name: 'ProcessMessageCount', value: this.processed, representation: 'count' },
      { name: 'DropMessageCount', value: this.overflow.total + this.encodeFailures, representation: 'count' },
      { name: 'SentMessageCount', value: s?.stats.sent ?? 0, representation: 'count' },
      { name: 'QueuedMessages', value: s?.queued ?? 0, representation: 'count' },
      { name: 'QueuedBytes', value: s?.queuedBytes ?? 0, representation: 'B' },
      { name: 'ConnectionErrors', value: s?.stats.errors ?? 0, representation: 'count' },
      { name: 'Reconnects', value: s?.stats.reconnects ?? 0, representation: 'count' },
    ];
  }
}

export const TcpOutput = definePlugin({
  type: 'TcpOutput',
  family: 'output',
  summary: 'Sends messages over TCP (optionally TLS) to another hekad, Heka-framed protobuf by default, reconnecting as needed.',
  description: 'There is no disk buffer yet: messages wait in a bounded in-memory queue of `buffering.max_buffer_size` bytes (0 means 64 MiB). When it is full, `buffering.full_action` decides: "drop" drops and counts (logged when dropping starts and ends, DropMessageCount in the report), "block" holds the pipeline back, "shutdown" stops hekad. Without a `[name.buffering]` table full_action is "drop"; a table you write takes the common defaults (full_action "shutdown") for keys it leaves out, as in Heka, so name full_action there. With `use_buffering = false` the queue holds back the pipeline when full, as the unbuffered TcpOutput of Heka retried until a message went out. A message counts as delivered (journals move past it) once the socket has taken it; a lost connection sends again what it had not taken. Reconnects back off as `[name.retries]` says: delay, doubled up to max_delay, plus up to max_jitter.',
  example: `
[aggregator]
type = "TcpOutput"
message_matcher = "Type != 'heka.all-report'"
address = "aggregator.example.com:5565"
keep_alive = true
`,
  common: {
    encoder: f.string({ default: 'ProtobufEncoder', doc: 'Encoder section that turns messages into bytes.' }),
    use_framing: computed((c) => (c.given('encoder') ?? 'ProtobufEncoder') === 'ProtobufEncoder', 'true when encoder is "ProtobufEncoder" (the default), else false'),
    use_buffering: true,
    buffering: { max_file_size: 134217728, cursor_update_count: 50, full_action: 'drop' },
  },
  config: options,
  rules: [
    (c) => (c.use_tls ? clientTlsProblems(c.tls) : undefined),
    (c) => (c.local_address !== '' && c.use_tls
      ? { key: 'local_address', message: `Cannot combine local_address ${c.local_address} and use_tls config options`, hint: 'remove local_address, or set use_tls = false' }
      : undefined),
  ],
  create: (config, common) => new TcpOutputInstance(config, common),
});
