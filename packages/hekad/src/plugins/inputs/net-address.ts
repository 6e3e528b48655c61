// Go-style "host:port" listen addresses (net.SplitHostPort / JoinHostPort), as Heka configs write
// them: ":5565", "127.0.0.1:5565", "[::1]:5565", "localhost:5565".
import { nodeDnsPromises, nodeNet, type Problem } from '@heka/core';

export interface HostPort {
  /** Empty for "all interfaces". */
  readonly host: string;
  readonly port: number;
}

/** Splits "host:port"; undefined when it is not one. */
export function splitHostPort(address: string): HostPort | undefined {
  const match = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(address);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port > 65535) return undefined;
  return { host: match[1] ?? match[2] ?? '', port };
}

/** Go's JoinHostPort: IPv6 hosts in brackets (Heka's Hostname for a TCP peer). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A field check for listen addresses. */
export function checkListenAddress(address: string): Problem | undefined {
  if (splitHostPort(address) !== undefined) return undefined;
  return {
    message: `'${address}' is not a host:port address`,
    hint: 'write e.g. address = "127.0.0.1:5565", ":5565" for every interface, or "[::1]:5565"',
  };
}

/** IPv4 only for "tcp4"/"udp4", IPv6 only for "tcp6"/"udp6", either for "tcp"/"udp". */
function familyOf(net: string): 0 | 4 | 6 {
  return net.endsWith('4') ? 4 : net.endsWith('6') ? 6 : 0;
}

/** What to bind for an address and a Go network name; host undefined binds every interface. */
export async function resolveListen(address: HostPort, net: string): Promise<{ host: string | undefined; ipv6Only: boolean }> {
  const family = familyOf(net);
  if (address.host === '') return { host: family === 4 ? '0.0.0.0' : family === 6 ? '::' : undefined, ipv6Only: family === 6 };
  const { isIP } = nodeNet();
  const host = isIP(address.host) === 0 ? (await nodeDnsPromises().lookup(address.host, { family })).address : address.host;
  if (family !== 0 && isIP(host) !== family) throw new Error(`${address.host} is not an IPv${family} address, as net = "${net}" requires`);
  return { host, ipv6Only: family === 6 };
}
