// heka-inject's connection: Heka ignored a failed dial and exited 0; here it is an error that
// says where it tried to connect and what to check.
import { HekaError, TcpSender } from '@heka/core';

/** Bytes queued towards hekad before -stdin waits for the socket (bounded memory). */
const MAX_QUEUED_BYTES = 8 * 1024 * 1024;

function reason(e: Error): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'unknown host';
  return e.message;
}

export async function connectToHeka(address: string): Promise<TcpSender> {
  const sender = new TcpSender({ address, maxQueuedBytes: MAX_QUEUED_BYTES, connectTimeoutMs: 10_000 });
  try {
    await sender.connect();
  } catch (e) {
    throw new HekaError('HEKA_INJECT_CONNECT', `cannot connect to ${address}: ${reason(e as Error)}`, {
      hint: 'is hekad running with a TcpInput listening there? Point -heka at its host:port',
    });
  }
  return sender;
}

export function sendError(e: Error): HekaError {
  return new HekaError('HEKA_INJECT_SEND', `Inject: [error] send message: ${reason(e)}`, { hint: 'the connection to hekad was lost; messages after the last one delivered were not sent' });
}
