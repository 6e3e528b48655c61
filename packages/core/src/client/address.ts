// Heka addresses are Go "host:port" strings ("[::1]:5565", ":5565" for all interfaces).
import { HekaError } from '../errors/heka-error.js';

export interface HostPort {
  host: string;
  port: number;
}

/** Splits "host:port"; an empty host is "" (the caller decides what it means). */
export function parseHostPort(address: string, what = 'address'): HostPort {
  const m = /^(?:\[([^\]]*)\]|([^:]*)):(\d{1,5})$/.exec(address);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw new HekaError('HEKA_BAD_ADDRESS', `${what} ${JSON.stringify(address)} is not a host:port address`, {
      hint: 'write it as host:port, e.g. "127.0.0.1:5565" or "[::1]:5565"',
    });
  }
  return { host: m[1] ?? m[2]!, port };
}

/** A local address to bind to: "host:port" or a bare host (any port). */
export function parseLocalAddress(address: string): HostPort {
  if (/^\[.*\]$|^[^:]*$/.test(address)) return { host: address.replace(/^\[|\]$/g, ''), port: 0 };
  return parseHostPort(address, 'local_address');
}
