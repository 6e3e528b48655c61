// The sender a test section asks for, and Go-like wording for what goes wrong with it.
import { TcpSender, UdpSender, parseHostPort, tlsClientOptions, type Sender, type SenderEvent } from '@heka/core';
import type { FloodTest } from './config.js';

export const UDP_MAX_DATAGRAM = 65507;
/** Bytes heka-flood lets pile up ahead of the socket: enough to keep it busy, small in memory. */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;

export function createSender(test: FloodTest, onEvent: (e: SenderEvent) => void): Sender {
  if (test.sender.startsWith('udp')) {
    return new UdpSender({ address: test.ip_address, net: test.sender, maxMessageSize: UDP_MAX_DATAGRAM, onEvent });
  }
  const interval = (test.reconnect_interval < 1 ? 5 : test.reconnect_interval) * 1000;
  return new TcpSender({
    address: test.ip_address,
    ...(test.use_tls ? { tls: tlsClientOptions(test.tls, parseHostPort(test.ip_address).host) } : {}),
    // Heka redials every reconnect_interval seconds; no back-off growth, no jitter.
    reconnect: test.reconnect_on_error ? { initialMs: interval, maxMs: interval, jitterMs: 0 } : false,
    maxQueuedBytes: MAX_QUEUED_BYTES,
    onEvent,
  });
}
