// A UDP sender: one datagram per record. There is no connection to lose, so nothing is queued
// beyond what the socket is sending; a record the OS refuses (too big) fails on its own.
import type { Socket } from 'node:dgram';
import { nodeDgram, nodeNet } from '../node/lazy-builtins.js';
import { HekaError } from '../errors/heka-error.js';
import { parseHostPort, parseLocalAddress } from './address.js';
import type { SendDone, Sender, SenderEvent, SenderStats } from './sender.js';

export interface UdpSenderOptions {
  address: string;
  /** "udp", "udp4" or "udp6". */
  net?: string;
  localAddress?: string;
  /** Largest datagram accepted; larger records fail without being sent. */
  maxMessageSize?: number;
  onEvent?: (event: SenderEvent) => void;
}

/** Datagrams handed to the socket and not yet sent, above which send() asks the caller to wait. */
const MAX_PENDING = 1024;

export class UdpSender implements Sender {
  readonly stats: SenderStats = { sent: 0, bytes: 0, errors: 0, reconnects: 0 };
  failure: Error | undefined;
  private socket: Socket | undefined;
  private readonly host: string;
  private readonly port: number;
  private pending = 0;
  private pendingBytes = 0;
  private waiters: (() => void)[] = [];
  private connecting: Promise<void> | undefined;

  constructor(private readonly options: UdpSenderOptions) {
    const net = options.net ?? 'udp';
    if (net === 'unixgram') {
      throw new HekaError('HEKA_UNIXGRAM_UNSUPPORTED', 'net "unixgram" is not supported: Node has no Unix datagram sockets', { hint: 'send over "udp" to a local address instead' });
    }
    if (!['udp', 'udp4', 'udp6'].includes(net)) {
      throw new HekaError('HEKA_BAD_NET', `net "${net}" is not a UDP network`, { hint: 'use "udp", "udp4" or "udp6"' });
    }
    ({ host: this.host, port: this.port } = parseHostPort(options.address));
    if (this.host === '') this.host = net === 'udp6' ? '::1' : '127.0.0.1';
  }

  get address(): string { return this.options.address; }
  get queued(): number { return this.pending; }
  get queuedBytes(): number { return this.pendingBytes; }

  connect(): Promise<void> {
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const type = this.options.net === 'udp6' || nodeNet().isIPv6(this.host) ? 'udp6' : 'udp4';
      const socket = nodeDgram().createSocket(type);
      this.socket = socket;
      const fail = (e: Error): void => { this.failure = e; reject(e); };
      socket.once('error', fail);
      // Node calls back on failure too (an unknown host), with the error.
      const connect = (): void => socket.connect(this.port, this.host, (err?: Error) => {
        if (err) {
          fail(err);
          socket.close();
          return;
        }
        socket.off('error', fail);
        socket.on('error', (e) => this.options.onEvent?.({ kind: 'send-failed', address: this.address, error: e }));
        this.options.onEvent?.({ kind: 'connected', address: this.address, reconnect: false });
        resolve();
      });
      if (this.options.localAddress) {
        const local = parseLocalAddress(this.options.localAddress);
        socket.bind(local.port, local.host || undefined, connect);
      } else connect();
    });
    return this.connecting;
  }

  send(record: Uint8Array, done?: SendDone): boolean {
    if (this.failure) { done?.(this.failure); return true; }
    const max = this.options.maxMessageSize;
    if (max !== undefined && record.length > max) {
      const e = new Error(`message size ${record.length} exceeds the maximum datagram size ${max}`);
      this.stats.errors++;
      this.options.onEvent?.({ kind: 'send-failed', address: this.address, error: e });
      done?.(e);
      return true;
    }
    if (this.pending >= MAX_PENDING) return false;
    if (!this.socket) void this.connect().catch(() => {});
    this.pending++;
    this.pendingBytes += record.length;
    const go = (): void => this.socket!.send(record, (err) => {
      this.pending--;
      this.pendingBytes -= record.length;
      if (err) {
        this.stats.errors++;
        this.options.onEvent?.({ kind: 'send-failed', address: this.address, error: err });
      } else {
        this.stats.sent++;
        this.stats.bytes += record.length;
      }
      done?.(err ?? undefined);
      if (this.pending < MAX_PENDING) for (const w of this.waiters.splice(0)) w();
    });
    if (this.connecting) this.connecting.then(go, (e: Error) => { this.pending--; this.pendingBytes -= record.length; done?.(e); });
    else go();
    return true;
  }

  whenRoom(): Promise<void> {
    if (this.pending < MAX_PENDING) return Promise.resolve();
    return new Promise((r) => this.waiters.push(r));
  }

  async flush(): Promise<void> {
    while (this.pending > 0) await new Promise<void>((r) => this.waiters.push(r));
  }

  async close(): Promise<void> {
    await this.flush();
    const socket = this.socket;
    this.socket = undefined;
    if (socket) await new Promise<void>((r) => socket.close(() => r()));
  }
}
