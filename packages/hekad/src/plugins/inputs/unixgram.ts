// Unix datagram sockets for UdpInput (net = "unixgram"), which Node's dgram lacks: bound with
// the node-unix-socket addon. As in Heka: "@name" is a Linux abstract socket, a socket file is
// made writable by everyone and removed at shutdown.
import { chmodSync, lstatSync, rmSync } from 'node:fs';

/** Binds `path`; a socket file left by a hekad that did not shut down is replaced. */
export async function bindUnixgram(path: string, receive: (bytes: Buffer, sender: string) => void, onError: (e: Error) => void): Promise<{ close(): void }> {
  // Loaded only when used: every hekad start would otherwise pay for the native addon.
  const { DgramSocket } = await import('node-unix-socket');
  const abstract = path.startsWith('@');
  // Heka refused to start over a stale socket file; only a socket is ever removed here.
  if (!abstract && isSocket(path)) rmSync(path);
  const socket = new DgramSocket();
  try {
    socket.bind(abstract ? `\0${path.slice(1)}` : path);
    if (!abstract) chmodSync(path, 0o666);
  } catch (e) {
    socket.close();
    throw new Error(`Error listening on unixgram ${path}: ${(e as Error).message} (check that its directory exists and is writable)`);
  }
  socket.on('data', (bytes: Buffer) => receive(bytes, ''));
  socket.on('error', onError);
  return {
    close(): void {
      socket.close();
      if (!abstract) rmSync(path, { force: true });
    },
  };
}

function isSocket(path: string): boolean {
  try {
    return lstatSync(path).isSocket();
  } catch {
    return false;
  }
}
