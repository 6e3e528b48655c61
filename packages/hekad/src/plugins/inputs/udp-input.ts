import { definePlugin, f, type Problem } from '@heka/core';
import { signerField, signerKeys } from '../splitters/signer-field.js';
import { checkListenAddress, splitHostPort } from './net-address.js';
import { UDP_QUEUE_LIMIT, UdpInputInstance } from './udp-listener.js';

const FD = /^fd:(\d+)$/;
/** A unixgram socket file, or a Linux abstract socket name. */
const UNIX_PATH = /^[/@.]/;

function checkAddress(address: string): Problem | undefined {
  if (FD.test(address) || UNIX_PATH.test(address)) return undefined;
  const problem = checkListenAddress(address);
  return problem && { ...problem, hint: 'write e.g. address = "127.0.0.1:5565", ":5565" for every interface, or "fd:3" for an inherited socket' };
}

export const UdpInput = definePlugin({
  type: 'UdpInput',
  family: 'input',
  summary: 'Listens on a UDP port; each datagram is split into records on its own (by default one record per datagram).',
  description: `
One splitter and decoder serve the socket; what is left of a datagram after its last record is
dropped and counted (\`DropIncompleteCount\`), or delivered with the splitter's
\`deliver_incomplete_final\`. Records that become payloads get Type = this section's name and,
with \`set_hostname\`, Hostname = the sender's IP. For Heka-framed messages set
\`splitter = "HekaFramingSplitter"\` and \`decoder = "ProtobufDecoder"\` (several framed messages
may share a datagram); signed ones are checked against the \`signer\` tables of the splitter or of
this section.

With \`net = "unixgram"\` the address is a socket path (absolute, or starting with \`./\`), made
writable by everyone and removed at shutdown (a stale one left by a crash is replaced), or
\`@name\` for a Linux abstract socket.

UDP cannot be slowed down: while the pipeline is full, up to ${UDP_QUEUE_LIMIT} datagrams wait;
newer ones are dropped, logged once per burst and counted (\`DropDatagramCount\`). The report
also shows \`DatagramCount\` and \`bytes\` received.
`,
  example: `
[UdpInput]
address = "127.0.0.1:4880"
splitter = "HekaFramingSplitter"
decoder = "ProtobufDecoder"

[UdpInput.signer.ops_0]
hmac_key = "4865ey9urgkidls xtb0[7lf9rzcivthkm"
`,
  config: {
    address: f.string({ required: true, example: '127.0.0.1:4880', doc: 'host:port to listen on (":4880" for every interface), "fd:<n>" to use an inherited socket, or with unixgram a socket path ("@name" for a Linux abstract socket).', check: checkAddress }),
    net: f.oneOf(['udp', 'udp4', 'udp6', 'unixgram'], { default: 'udp', doc: 'Network: "udp" (IPv4 and IPv6), "udp4", "udp6" or "unixgram".' }),
    set_hostname: f.bool({ default: false, doc: 'Set Hostname to the sender\'s IP address (on records that become payloads).' }),
    signer: signerField('Accepted signers, as on HekaFramingSplitter (Heka\'s docs show them here; Heka 0.10 itself refused them): added to those of the splitter.'),
  },
  rules: [
    (c) => (c.net === 'unixgram' && !UNIX_PATH.test(c.address) ? {
      key: 'address',
      message: `net = "unixgram" needs a socket path, got '${c.address}'`,
      hint: 'write e.g. address = "/var/run/hekad/udp.sock", or "@hekad" for a Linux abstract socket',
    } : undefined),
    (c) => (c.net === 'unixgram' && c.set_hostname ? { key: 'set_hostname', message: 'Can\'t set Hostname from Unix datagram.', hint: 'remove set_hostname' } : undefined),
    (c) => (c.net !== 'unixgram' && UNIX_PATH.test(c.address) ? {
      key: 'address',
      message: `'${c.address}' is a Unix socket path, but net = "${c.net}"`,
      hint: 'give a host:port address, e.g. address = "127.0.0.1:4880"',
    } : undefined),
    (c) => (c.set_hostname && FD.test(c.address) ? { key: 'set_hostname', message: 'Can\'t set Hostname from file descriptor.', hint: 'remove set_hostname, or listen on an address' } : undefined),
  ],
  create: (config) => {
    const fd = FD.exec(config.address);
    const address = config.net === 'unixgram' ? { path: config.address } : fd ? { fd: Number(fd[1]) } : splitHostPort(config.address)!;
    return new UdpInputInstance({
      address,
      net: config.net,
      setHostname: config.set_hostname,
      signers: signerKeys(config.signer),
      queueLimit: UDP_QUEUE_LIMIT,
    });
  },
});
