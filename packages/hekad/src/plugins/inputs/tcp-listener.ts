// The running TcpInput: listens (plain or TLS), and gives each connection its own splitter and
// decoder (a stream named after the peer's host, as Heka names them).
import type { Server, Socket } from 'node:net';
import type { TLSSocket, TlsOptions } from 'node:tls';
import { nodeNet, nodeTls, refuseClient, type ClientAuth, type Message } from '@heka/core';
import type { Input, InputContext, ReportField } from '../../pipeline/contracts.js';
import { joinHostPort, resolveListen, type HostPort } from './net-address.js';
import { readSocket } from './socket-reader.js';

export interface TcpListenOptions {
  readonly address: HostPort;
  /** "tcp", "tcp4" or "tcp6". */
  readonly net: string;
  readonly keepAlive: boolean;
  /** Seconds; 0 leaves the OS default. */
  readonly keepAlivePeriod: number;
  readonly tls: { readonly options: TlsOptions; readonly clientAuth: ClientAuth } | undefined;
  /** The input's own signer tables ("<signer>_<version>" → key). */
  readonly signers: ReadonlyMap<string, string>;
}

/** Heka's Type for messages a TcpInput makes from records (when no message bytes are passed). */
export const TCP_MESSAGE_TYPE = 'heka.tcpinput';

export class TcpInputInstance implements Input {
  private readonly stats = { connections: 0, open: 0, bytes: 0, refused: 0 };

  constructor(private readonly options: TcpListenOptions) {}

  report(): readonly ReportField[] {
    return [
      { name: 'ConnectionCount', value: this.stats.connections, representation: 'count' },
      { name: 'OpenConnections', value: this.stats.open, representation: 'count' },
      { name: 'RefusedConnections', value: this.stats.refused, representation: 'count' },
      { name: 'bytes', value: this.stats.bytes, representation: 'B' },
    ];
  }

  async run(context: InputContext, outer: AbortSignal): Promise<void> {
    // A connection that cannot get a stream (a config the splitter cannot serve) stops the input.
    const stop = new AbortController();
    let failure: unknown;
    const onAbort = (): void => stop.abort();
    outer.addEventListener('abort', onAbort, { once: true });
    const signal = stop.signal;
    const server = this.createServer(context, signal);
    const connections = new Set<Promise<void>>();
    const accept = (socket: Socket): void => {
      const done = this.serve(socket, context, signal)
        .catch((e: unknown) => {
          failure ??= e;
          stop.abort();
        })
        .finally(() => connections.delete(done));
      connections.add(done);
    };
    if (this.options.tls) server.on('secureConnection', accept);
    else server.on('connection', accept);
    try {
      if (!outer.aborted) await this.listen(server, context);
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      outer.removeEventListener('abort', onAbort);
      stop.abort();
      // Stop accepting; each connection sees the abort, stops reading and lets its records drain.
      server.close();
      await Promise.all([...connections]);
    }
    if (failure !== undefined) throw failure;
  }

  private createServer(context: InputContext, signal: AbortSignal): Server {
    const { tls } = this.options;
    // Half-open: a connection closes only after its records are routed (see readSocket).
    const server = tls ? nodeTls().createServer({ ...tls.options, allowHalfOpen: true }) : nodeNet().createServer({ allowHalfOpen: true });
    if (tls) {
      // Keep-alive is set on the TCP socket under TLS (Heka refused keep_alive with TLS).
      server.on('connection', (socket: Socket) => this.keepAlive(socket));
      server.on('tlsClientError', (e: Error, socket: TLSSocket) => {
        this.stats.refused++;
        if (!signal.aborted) context.error(`TLS handshake with ${peer(socket)} failed: ${handshakeError(e)}`);
      });
    }
    return server;
  }

  private keepAlive(socket: Socket): void {
    if (this.options.keepAlive) socket.setKeepAlive(true, this.options.keepAlivePeriod * 1000);
  }

  private async listen(server: Server, context: InputContext): Promise<void> {
    const { host, ipv6Only } = await resolveListen(this.options.address, this.options.net);
    await new Promise<void>((resolve, reject) => {
      const fail = (e: Error): void => reject(new Error(`ListenTCP failed: ${e.message} (another process may hold the port; change address or stop it)`));
      server.once('error', fail);
      server.listen({ host, port: this.options.address.port, ipv6Only }, () => {
        server.off('error', fail);
        resolve();
      });
    });
    server.on('error', (e: Error) => context.error(`TCP accept failed: ${e.message}`));
    const bound = server.address();
    const where = typeof bound === 'object' && bound !== null ? joinHostPort(bound.address, bound.port) : String(bound);
    context.log(`listening on ${where}${this.options.tls ? ' (TLS)' : ''}`);
  }

  private async serve(socket: Socket, context: InputContext, signal: AbortSignal): Promise<void> {
    const raddr = peer(socket);
    if (this.options.tls) {
      const refused = refuseClient(socket as TLSSocket, this.options.tls.clientAuth);
      if (refused !== undefined) {
        this.stats.refused++;
        context.error(`refused TLS connection from ${raddr}: ${refused}`);
        socket.destroy();
        return;
      }
    } else this.keepAlive(socket);
    this.stats.connections++;
    this.stats.open++;
    // Heka's pack decorator: the peer's "ip:port" and its own Type (payload records only; a
    // decoder of message bytes replaces the whole message).
    const decorate = (message: Message): void => {
      message.hostname = raddr;
      message.type = TCP_MESSAGE_TYPE;
    };
    try {
      let stream;
      try {
        stream = context.openStream({ token: socket.remoteAddress ?? raddr, source: raddr, decorate, signers: this.options.signers });
      } catch (e) {
        socket.destroy();
        throw e;
      }
      const result = await readSocket(socket, stream, signal, (n) => { this.stats.bytes += n; });
      if (stream.skippedBytes > 0) context.error(`${raddr}: ${stream.skippedBytes} bytes that were not Heka-framed records were skipped`);
      if (result.error && !signal.aborted) context.error(`${raddr}: connection failed: ${result.error.message}`);
    } finally {
      this.stats.open--;
    }
  }
}

/** OpenSSL's reason ("http request", "wrong version number") rather than its multi-line dump. */
function handshakeError(e: Error): string {
  const { reason, code } = e as Error & { reason?: string; code?: string };
  return reason ? `${reason}${code ? ` (${code})` : ''}` : e.message;
}

function peer(socket: Socket): string {
  return socket.remoteAddress === undefined ? 'an unknown peer' : joinHostPort(socket.remoteAddress, socket.remotePort ?? 0);
}
