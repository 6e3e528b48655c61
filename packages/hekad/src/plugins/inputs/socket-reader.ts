// Reads one connection into an input stream. A full pipeline pauses the socket (TCP flow control
// then slows the sender down); nothing read is dropped.
import type { Socket } from 'node:net';
import type { InputStream } from '../../pipeline/contracts.js';

export interface SocketReadResult {
  /** Bytes read from the connection. */
  readonly bytes: number;
  /** How the connection ended: the peer closed it, it failed, or hekad stopped. */
  readonly ending: 'closed' | 'error' | 'stopped';
  readonly error?: Error;
}

/**
 * The socket must come from a server with allowHalfOpen, so that it stays open after the peer's
 * end until the records are routed.
 * Pushes what the socket reads into `stream` until the peer closes (the stream then ends: an
 * unfinished record is reported) or `signal` aborts (the stream stops: it is left unfinished).
 * Resolves once every complete record read has been routed.
 */
export function readSocket(socket: Socket, stream: InputStream, signal: AbortSignal, onBytes: (n: number) => void): Promise<SocketReadResult> {
  return new Promise<SocketReadResult>((resolve) => {
    let bytes = 0;
    let done = false;
    const finish = (ending: SocketReadResult['ending'], error?: Error): void => {
      if (done) return;
      done = true;
      socket.off('data', onData);
      signal.removeEventListener('abort', onAbort);
      // A peer that closed its side sees the connection close only once its records are routed
      // (the server is half-open): closing is its acknowledgement. Otherwise close at once.
      if (ending !== 'closed') socket.destroy();
      const settled = ending === 'stopped' ? stream.stop() : stream.end();
      void settled.then(() => {
        socket.destroy();
        resolve({ bytes, ending, ...(error ? { error } : {}) });
      });
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      onBytes(chunk.length);
      const held = stream.push(chunk);
      if (held === undefined) return;
      socket.pause();
      void held.then(() => {
        if (!done) socket.resume();
      });
    };
    const onAbort = (): void => finish('stopped');
    socket.on('data', onData);
    // 'end' comes after every 'data'; a paused socket delays it until it is resumed.
    socket.once('end', () => finish('closed'));
    socket.once('error', (e: Error) => finish('error', e));
    socket.once('close', () => finish('closed'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
}
