// Sends the framed control messages over one TCP (or TLS) connection, in order, and waits until
// the socket has taken them. Heka's wording for failures, with what to check.
import { HekaError, TcpSender, goNetError, parseHostPort, tlsClientOptions } from '@heka/core';
import type { SbmgrConfig } from './config.js';

/** Bytes queued ahead of the socket: -num can ask for any number of messages. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

export async function sendRecords(config: SbmgrConfig, configPath: string, records: Iterable<Uint8Array>): Promise<void> {
  const address = config.ip_address;
  const sender = new TcpSender({
    address,
    ...(config.use_tls ? { tls: tlsClientOptions(config.tls, parseHostPort(address).host) } : {}),
    connectTimeoutMs: 10_000,
    maxQueuedBytes: MAX_QUEUED_BYTES,
  });
  try {
    await sender.connect();
  } catch (e) {
    throw new HekaError('HEKA_SBMGR_CONNECT', `Error creating sender: ${goNetError('dial', 'tcp', address, e as Error)}`, {
      hint: `is hekad running with a TcpInput listening on ${address} (ip_address in ${configPath})? Nothing was sent`,
    });
  }
  try {
    let failure: Error | undefined;
    const done = (err?: Error): void => { failure ??= err; };
    for (const record of records) {
      if (failure) break;
      while (!sender.send(record, done)) await sender.whenRoom();
    }
    await sender.flush();
    if (failure) {
      throw new HekaError('HEKA_SBMGR_SEND', `Error sending message: ${goNetError('write', 'tcp', address, failure)}`, {
        hint: 'the connection to hekad was lost; messages after the last one delivered were not sent',
      });
    }
  } finally {
    await sender.close();
  }
}
