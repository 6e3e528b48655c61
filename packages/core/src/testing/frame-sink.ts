// A real TCP (or TLS) server on 127.0.0.1 that reads Heka stream framing with FrameReader:
// the peer the senders, heka-inject, heka-flood and TcpOutput are tested against.
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { FrameReader, type FrameRecord } from '../message/frame-reader.js';

export interface FrameSinkOptions {
  /** Serve TLS with these options instead of plain TCP. */
  tls?: TlsOptions;
  /** Listen on this port (a restarted sink reuses its old port); 0 picks a free one. */
  port?: number;
  maxMessageSize?: number;
  /** Keep the raw bytes received (`received`), e.g. to replay them into hekad. */
  keepBytes?: boolean;
}

export class FrameSink {
  readonly records: FrameRecord[] = [];
  /** Bytes skipped between records (corruption). */
  skipped = 0;
  bytes = 0;
  /** Every byte received, in order, when started with keepBytes. */
  readonly received: Buffer[] = [];
  connections = 0;
  /** Connections refused or failed during the TLS handshake. */
  readonly tlsErrors: Error[] = [];
  private readonly sockets = new Set<Socket>();

  private constructor(private readonly server: Server, readonly port: number) {}

  static async start(options: FrameSinkOptions = {}): Promise<FrameSink> {
    // The server exists before the sink that handles its connections.
    const holder: { sink?: FrameSink } = {};
    const onSocket = (socket: Socket): void => holder.sink!.accept(socket, options.maxMessageSize, options.keepBytes === true);
    const server = options.tls
      ? createTlsServer(options.tls, onSocket).on('tlsClientError', (e) => holder.sink!.tlsErrors.push(e))
      : createNetServer(onSocket);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    holder.sink = new FrameSink(server, (server.address() as AddressInfo).port);
    return holder.sink;
  }

  get address(): string { return `127.0.0.1:${this.port}`; }

  private accept(socket: Socket, maxMessageSize: number | undefined, keepBytes: boolean): void {
    this.connections++;
    this.sockets.add(socket);
    const reader = new FrameReader(maxMessageSize ? { maxMessageSize } : {});
    socket.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
      if (keepBytes) this.received.push(chunk);
      reader.push(chunk);
      for (const item of reader) {
        if (item.kind === 'record') this.records.push(item);
        else this.skipped += item.length;
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Resolves once `count` records arrived; rejects after timeoutMs saying how many did. */
  async waitFor(count: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.records.length < count) {
      if (Date.now() > deadline) throw new Error(`FrameSink: ${this.records.length} of ${count} records after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Stops listening and drops every connection (the peer "goes away"). */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for a peer that is not there yet). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
