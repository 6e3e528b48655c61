// A TCP (optionally TLS) sender: a queue of framed records written in order over one connection,
// coalesced into large writes, each record completed when the socket has taken it. When the
// connection fails the records not yet taken go back to the front of the queue and, if the
// sender reconnects, are written again on the next connection (at least once).
import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { nodeNet, nodeTls } from '../node/lazy-builtins.js';
import { parseHostPort, parseLocalAddress } from './address.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { RecordQueue, type QueuedRecord } from './record-queue.js';
import type { SendDone, Sender, SenderEvent, SenderStats } from './sender.js';

export interface TcpSenderOptions {
  /** "host:port". */
  address: string;
  /** Local "host[:port]" to bind to (not with TLS, as in Heka). */
  localAddress?: string;
  /** TLS client options (tlsClientOptions()); plain TCP when absent. */
  tls?: ConnectionOptions;
  keepAlive?: boolean;
  /** Keep-alive idle time before probes, in ms; 0 = the OS default. */
  keepAlivePeriodMs?: number;
  /** Redial after failures with this back-off; false = the first failure is final. */
  reconnect?: false | BackoffOptions;
  /** Close the connection after this many records and dial again (Heka's reconnect_after); 0 = never. */
  reconnectAfter?: number;
  /** Bytes held (queued + being written) above which send() refuses records. */
  maxQueuedBytes?: number;
  connectTimeoutMs?: number;
  onEvent?: (event: SenderEvent) => void;
}

/** Records per write: large writes cost far less than one syscall per record. */
const COALESCE_BYTES = 256 * 1024;
const COALESCE_COUNT = 4096;

export class TcpSender implements Sender {
  readonly stats: SenderStats = { sent: 0, bytes: 0, errors: 0, reconnects: 0 };
  failure: Error | undefined;
  private readonly host: string;
  private readonly port: number;
  private readonly local: { host: string; port: number } | undefined;
  private readonly backoff: Backoff | undefined;
  private readonly maxQueuedBytes: number;
  private readonly queue = new RecordQueue();
  /** Handed to the current socket, not yet confirmed, in order. */
  private inflight: QueuedRecord[] = [];
  private inflightHead = 0;
  private inflightBytes = 0;
  private socket: Socket | undefined;
  private ready = false;
  private blocked = false;
  private pumpScheduled = false;
  /** This connection was closed by reconnect_after, not lost. */
  private endedOnPurpose = false;
  /** Bumped per connection: callbacks of an old socket are ignored. */
  private generation = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private connectedOnce = false;
  private sinceConnect = 0;
  private closing = false;
  private roomWaiters: (() => void)[] = [];
  private flushWaiters: (() => void)[] = [];
  private connectWaiters: { resolve: () => void; reject: (e: Error) => void }[] = [];

  constructor(private readonly options: TcpSenderOptions) {
    ({ host: this.host, port: this.port } = parseHostPort(options.address));
    if (this.host === '') this.host = 'localhost';
    this.local = options.localAddress ? parseLocalAddress(options.localAddress) : undefined;
    this.backoff = options.reconnect === false || options.reconnect === undefined ? undefined : new Backoff(options.reconnect);
    this.maxQueuedBytes = options.maxQueuedBytes ?? Infinity;
  }

  get address(): string { return this.options.address; }
  get queued(): number { return this.queue.length + this.inflight.length - this.inflightHead; }
  get queuedBytes(): number { return this.queue.bytes + this.inflightBytes; }
  get connected(): boolean { return this.ready; }

  connect(): Promise<void> {
    if (this.ready) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    const p = new Promise<void>((resolve, reject) => this.connectWaiters.push({ resolve, reject }));
    this.dial();
    return p;
  }

  send(record: Uint8Array, done?: SendDone): boolean {
    if (this.failure || this.closing) {
      done?.(this.failure ?? new Error('sender closed'));
      return true;
    }
    if (this.queuedBytes + record.length > this.maxQueuedBytes && this.queuedBytes > 0) return false;
    this.queue.push({ bytes: record, done });
    if (this.ready) {
      if (!this.blocked) this.schedulePump();
    } else this.dial();
    return true;
  }

  /**
   * Writes on a microtask rather than at once: records sent in the same turn of the event loop
   * go out as one write instead of one system call each.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * Resolves once the queue is down to half its limit: waking at the limit itself would let a
   * record that still does not fit spin between send() and whenRoom() without yielding.
   */
  whenRoom(): Promise<void> {
    if (this.queuedBytes <= this.maxQueuedBytes / 2 || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  flush(): Promise<void> {
    if (this.queued === 0 || (this.failure && this.queued === 0)) return Promise.resolve();
    return new Promise((resolve) => this.flushWaiters.push(resolve));
  }

  async close(timeoutMs = 5000): Promise<void> {
    if (!this.failure && this.queued > 0 && (this.ready || this.backoff)) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.flush(), new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
      clearTimeout(timer);
    }
    this.closing = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.generation++;
    this.socket = undefined;
    this.ready = false;
    if (socket) await new Promise<void>((resolve) => { socket.once('close', () => resolve()); socket.end(); setTimeout(() => { socket.destroy(); }, 1000).unref(); });
    this.failAll(new Error('sender closed before the record was written'));
  }

  private emit(event: SenderEvent): void {
    this.options.onEvent?.(event);
  }

  /** Starts a connection unless one is up or under way. */
  private dial(): void {
    if (this.socket || this.retryTimer || this.closing || this.failure) return;
    const gen = ++this.generation;
    const { tls, keepAlive, keepAlivePeriodMs } = this.options;
    const socket = tls
      ? nodeTls().connect({ ...tls, host: this.host, port: this.port })
      : nodeNet().connect({ host: this.host, port: this.port, ...(this.local ? { localAddress: this.local.host, localPort: this.local.port || undefined } : {}) });
    this.socket = socket;
    const timer = setTimeout(() => socket.destroy(new Error(`connect to ${this.address} timed out`)), this.options.connectTimeoutMs ?? 10_000);
    socket.once(tls ? 'secureConnect' : 'connect', () => {
      clearTimeout(timer);
      if (gen !== this.generation) return;
      if (keepAlive) socket.setKeepAlive(true, keepAlivePeriodMs ?? 0);
      socket.setNoDelay(true);
      this.ready = true;
      this.sinceConnect = 0;
      this.backoff?.reset();
      if (this.connectedOnce) this.stats.reconnects++;
      this.emit({ kind: 'connected', address: this.address, reconnect: this.connectedOnce });
      this.connectedOnce = true;
      for (const w of this.connectWaiters.splice(0)) w.resolve();
      this.pump();
    });
    socket.on('drain', () => {
      if (gen !== this.generation) return;
      this.blocked = false;
      this.pump();
    });
    let error: Error | undefined;
    socket.on('error', (e) => { error ??= e; });
    // Nothing is expected from the peer; reading keeps 'end' (peer closed) observable.
    socket.on('data', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      if (gen === this.generation) this.lost(error);
    });
  }

  private pump(): void {
    const socket = this.socket;
    while (socket && this.ready && !this.blocked && this.queue.length > 0) {
      const limit = this.options.reconnectAfter ? this.options.reconnectAfter - this.sinceConnect : COALESCE_COUNT;
      const batch = this.queue.takeBatch(COALESCE_BYTES, Math.min(limit, COALESCE_COUNT));
      let size = 0;
      for (const item of batch) {
        this.inflight.push(item);
        size += item.bytes.length;
      }
      this.inflightBytes += size;
      const chunk = batch.length === 1 ? batch[0]!.bytes : Buffer.concat(batch.map((b) => b.bytes), size);
      const gen = this.generation;
      const ok = socket.write(chunk, (err) => { if (!err && gen === this.generation) this.confirm(batch.length, size); });
      this.sinceConnect += batch.length;
      if (this.options.reconnectAfter && this.sinceConnect >= this.options.reconnectAfter) {
        // Heka's reconnect_after: this connection has carried its share; the next one starts after it closes.
        this.ready = false;
        this.endedOnPurpose = true;
        socket.end();
        return;
      }
      if (!ok) this.blocked = true;
    }
  }

  private confirm(count: number, size: number): void {
    for (let i = 0; i < count; i++) {
      const item = this.inflight[this.inflightHead]!;
      this.inflight[this.inflightHead++] = undefined as unknown as QueuedRecord;
      item.done?.();
    }
    if (this.inflightHead === this.inflight.length) {
      this.inflight = [];
      this.inflightHead = 0;
    }
    this.inflightBytes -= size;
    this.stats.sent += count;
    this.stats.bytes += size;
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    if (this.roomWaiters.length > 0 && this.queuedBytes <= this.maxQueuedBytes / 2) for (const w of this.roomWaiters.splice(0)) w();
    if (this.flushWaiters.length > 0 && this.queued === 0) for (const w of this.flushWaiters.splice(0)) w();
  }

  /** The connection is gone: records not confirmed go back to the queue; redial or give up. */
  private lost(error: Error | undefined): void {
    this.socket = undefined;
    this.ready = false;
    this.blocked = false;
    this.generation++;
    const unconfirmed = this.inflight.slice(this.inflightHead);
    this.inflight = [];
    this.inflightHead = 0;
    this.inflightBytes = 0;
    this.queue.unshiftAll(unconfirmed);
    const planned = error === undefined && this.endedOnPurpose;
    this.endedOnPurpose = false;
    if (planned) {
      if (this.queue.length > 0) this.dial();
      return;
    }
    const cause = error ?? new Error(`connection to ${this.address} closed by the peer`);
    this.stats.errors++;
    if (this.closing) return;
    this.emit({ kind: 'disconnected', address: this.address, error: cause });
    if (!this.backoff) {
      this.failure = cause;
      for (const w of this.connectWaiters.splice(0)) w.reject(cause);
      this.failAll(cause);
      return;
    }
    const waitMs = this.backoff.next();
    this.emit({ kind: 'retrying', address: this.address, error: cause, waitMs });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      // Dial again only when something waits for the connection (Heka connects lazily).
      if (this.queue.length > 0 || this.connectWaiters.length > 0) this.dial();
    }, waitMs);
  }

  private failAll(error: Error): void {
    for (const item of this.queue.drain()) item.done?.(error);
    this.wakeWaiters();
    for (const w of this.roomWaiters.splice(0)) w();
    for (const w of this.flushWaiters.splice(0)) w();
  }
}
