// The running UdpInput: one stream (splitter + decoder) for the socket, each datagram a unit of
// its own. UDP cannot be paused: while the pipeline is full, datagrams wait in a bounded queue,
// and what overflows it is dropped, counted and logged (the kernel would drop them in Heka).
import type { SocketType } from 'node:dgram';
import { nodeDgram, nodeNet, type Message } from '@heka/core';
import type { Input, InputContext, InputStream, ReportField } from '../../pipeline/contracts.js';
import { joinHostPort, resolveListen, type HostPort } from './net-address.js';
import { bindUnixgram } from './unixgram.js';

export interface UdpListenOptions {
  /** An ip:port, an inherited descriptor ("fd:<n>"), or a unixgram socket path ("@name": abstract). */
  readonly address: HostPort | { readonly fd: number } | { readonly path: string };
  /** "udp", "udp4", "udp6" or "unixgram". */
  readonly net: string;
  /** Hostname = the sender's IP (payload records only, as in Heka). */
  readonly setHostname: boolean;
  readonly signers: ReadonlyMap<string, string>;
  /** Datagrams held while the pipeline is full before newer ones are dropped. */
  readonly queueLimit: number;
}

export const UDP_QUEUE_LIMIT = 4096;

/** A bound datagram socket of either kind. */
interface Bound {
  close(): void;
}

interface Datagram {
  readonly bytes: Buffer;
  readonly sender: string;
}

export class UdpInputInstance implements Input {
  private readonly stats = { datagrams: 0, bytes: 0, dropped: 0 };
  private readonly queue: Datagram[] = [];
  private draining: Promise<void> | undefined;
  private drainRunning = false;
  private sender = '';
  private droppingSince: number | undefined;

  constructor(private readonly options: UdpListenOptions) {}

  report(): readonly ReportField[] {
    return [
      { name: 'DatagramCount', value: this.stats.datagrams, representation: 'count' },
      { name: 'DropDatagramCount', value: this.stats.dropped, representation: 'count' },
      { name: 'bytes', value: this.stats.bytes, representation: 'B' },
    ];
  }

  async run(context: InputContext, signal: AbortSignal): Promise<void> {
    const name = context.name;
    // Heka's pack decorator: Type = the input's name, Hostname = the sender with set_hostname.
    const decorate = (message: Message): void => {
      message.type = name;
      if (this.options.setHostname) message.hostname = this.sender;
    };
    const stream = context.openStream({ decorate, signers: this.options.signers });
    const receive = (bytes: Buffer, sender: string): void => this.receive({ bytes, sender }, stream, context);
    const socket = await this.bind(context, signal, receive);
    if (socket === undefined) return stream.end();
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    socket.close();
    await this.draining;
    await stream.end();
  }

  private async bind(context: InputContext, signal: AbortSignal, receive: (bytes: Buffer, sender: string) => void): Promise<Bound | undefined> {
    const { address, net } = this.options;
    if ('path' in address) {
      const bound = await bindUnixgram(address.path, receive, (e) => context.error(`Read error: ${e.message}`));
      context.log(`listening on ${address.path}`);
      return bound;
    }
    const listen = 'fd' in address ? undefined : await resolveListen(address, net);
    if (signal.aborted) return undefined;
    const type: SocketType = net === 'udp4' || (listen?.host !== undefined && nodeNet().isIP(listen.host) === 4) ? 'udp4' : 'udp6';
    const socket = nodeDgram().createSocket({ type, ...(listen?.ipv6Only ? { ipv6Only: true } : {}) });
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error): void => reject(new Error(`ListenUDP failed: ${e.message} (another process may hold the port; change address or stop it)`));
      socket.once('error', fail);
      const done = (): void => {
        socket.off('error', fail);
        resolve();
      };
      if ('fd' in address) socket.bind({ fd: address.fd }, done);
      else socket.bind({ port: (address as HostPort).port, ...(listen?.host !== undefined ? { address: listen.host } : {}) }, done);
    });
    socket.on('message', (bytes, rinfo) => receive(bytes, rinfo.address));
    socket.on('error', (e) => context.error(`Read error: ${e.message}`));
    const bound = socket.address();
    context.log(`listening on ${joinHostPort(bound.address, bound.port)}`);
    return socket;
  }

  private receive(datagram: Datagram, stream: InputStream, context: InputContext): void {
    this.stats.datagrams++;
    this.stats.bytes += datagram.bytes.length;
    if (this.queue.length >= this.options.queueLimit) {
      this.stats.dropped++;
      if (this.droppingSince === undefined) {
        this.droppingSince = this.stats.dropped;
        context.error(`the pipeline is full and ${this.options.queueLimit} datagrams wait: dropping new ones until there is room (see DropDatagramCount)`);
      }
      return;
    }
    this.queue.push(datagram);
    if (!this.drainRunning) this.draining = this.drain(stream, context);
  }

  /** Feeds queued datagrams one at a time, waiting whenever the pipeline is full. */
  private async drain(stream: InputStream, context: InputContext): Promise<void> {
    // Set here, not from the caller's assignment: a drain that never waits ends before it returns.
    this.drainRunning = true;
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      // Records are made (and decorated) synchronously in push and endUnit.
      this.sender = next.sender;
      const held = stream.push(next.bytes);
      const wait = stream.endUnit() ?? held;
      if (wait !== undefined) await wait;
      if (this.droppingSince !== undefined && this.queue.length === 0) {
        context.log(`room again in the pipeline; ${this.stats.dropped - this.droppingSince + 1} datagrams were dropped meanwhile`);
        this.droppingSince = undefined;
      }
    }
    this.drainRunning = false;
  }
}
