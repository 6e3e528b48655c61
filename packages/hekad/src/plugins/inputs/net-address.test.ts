import { joinHostPort, resolveListen, splitHostPort } from './net-address.js';

describe('Go host:port addresses', () => {
  it.each([
    [':5565', { host: '', port: 5565 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:5565', { host: '::1', port: 5565 }],
    ['localhost:65535', { host: 'localhost', port: 65535 }],
    ['127.0.0.1', undefined],
    ['::1:5565', undefined],
    ['host:65536', undefined],
    ['host:http', undefined],
  ])('%s', (address, expected) => {
    expect(splitHostPort(address)).toEqual(expected);
  });

  it('joins IPv6 hosts in brackets, as Go does for Hostname', () => {
    expect([joinHostPort('127.0.0.1', 1), joinHostPort('::1', 2)]).toEqual(['127.0.0.1:1', '[::1]:2']);
  });

  it('binds per Go network name and refuses an address of the other family', async () => {
    expect(await resolveListen({ host: '', port: 1 }, 'tcp4')).toEqual({ host: '0.0.0.0', ipv6Only: false });
    expect(await resolveListen({ host: '', port: 1 }, 'tcp6')).toEqual({ host: '::', ipv6Only: true });
    expect(await resolveListen({ host: '', port: 1 }, 'udp')).toEqual({ host: undefined, ipv6Only: false });
    await expect(resolveListen({ host: '127.0.0.1', port: 1 }, 'tcp6')).rejects.toThrow('127.0.0.1 is not an IPv6 address, as net = "tcp6" requires');
  });
});
