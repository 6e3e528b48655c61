import { HekaError, TlsSetupError, definePlugin, f, serverTlsOptions, serverTlsProblems, tlsGroup, type TlsConfig } from '@heka/core';
import { signerField, signerKeys } from '../splitters/signer-field.js';
import { checkListenAddress, splitHostPort } from './net-address.js';
import { TcpInputInstance } from './tcp-listener.js';

/** TLS options built at start; the files were checked in validation but may have changed since. */
function tlsSetup(name: string, tls: TlsConfig) {
  try {
    return { options: serverTlsOptions(tls), clientAuth: tls.client_auth };
  } catch (e) {
    if (!(e instanceof TlsSetupError)) throw e;
    throw new HekaError('HEKA_TLS_SETUP', `[${name}.tls].${e.key}: ${e.message}`, { hint: e.hint });
  }
}

export const TcpInput = definePlugin({
  type: 'TcpInput',
  family: 'input',
  summary: 'Listens on a TCP port (optionally TLS) for Heka-framed protobuf messages, or any stream a splitter can cut.',
  description: `
Each connection gets its own splitter and decoder instance. By default records are Heka-framed
protobuf messages (HekaFramingSplitter and ProtobufDecoder); with another splitter and decoder it
takes plain text. Records that become payloads get Type \`heka.tcpinput\` and Hostname = the
peer's \`ip:port\`, as in Heka. When the pipeline is full the connection is paused (TCP flow
control slows the sender); nothing read is dropped. Records a splitter drops (unknown signer, bad
HMAC, oversized, unfinished at close) are logged and counted in the report (\`DropRecordCount\`
and one count per reason), and so are bytes skipped as garbage (\`SkippedBytes\`).

The log line \`Input 'NAME': listening on HOST:PORT\` gives the bound address (port 0 picks a free one).
A connection the client closed is closed by hekad once its records are routed. The report adds
\`ConnectionCount\`, \`OpenConnections\`, \`RefusedConnections\` (TLS) and \`bytes\` read.

With TLS, clients must present a certificate signed by a CA of \`client_cafile\`:

\`\`\`toml
[tls_in]
type = "TcpInput"
address = ":5566"
use_tls = true

[tls_in.tls]
cert_file = "/etc/hekad/server.crt"
key_file = "/etc/hekad/server.key"
client_auth = "RequireAndVerifyClientCert"
client_cafile = "/etc/hekad/clients-ca.crt"
min_version = "TLS12"
\`\`\`

The files are read when the configuration is checked, so \`hekad -check\` reports a missing or
mismatched certificate or key.
`,
  example: `
[TcpInput]
address = "127.0.0.1:5565"

[TcpInput.signer.ops_0]
hmac_key = "4865ey9urgkidls xtb0[7lf9rzcivthkm"
`,
  common: { decoder: 'ProtobufDecoder', splitter: 'HekaFramingSplitter' },
  config: {
    address: f.string({ required: true, example: '127.0.0.1:5565', doc: 'host:port to listen on (":5565" for every interface).', check: checkListenAddress }),
    net: f.oneOf(['tcp', 'tcp4', 'tcp6'], {
      default: 'tcp',
      doc: 'Network: "tcp" (IPv4 and IPv6), "tcp4" or "tcp6".',
      invalidMessage: (raw) => `net must be "tcp", "tcp4" or "tcp6", got ${JSON.stringify(raw)} (Heka 0.10 listed unix sockets but could not listen on them)`,
    }),
    use_tls: f.bool({ default: false, doc: 'Accept TLS connections only, set up by the `tls` table.' }),
    tls: tlsGroup({ preferServerCiphers: true }),
    keep_alive: f.bool({ default: false, doc: 'Turn on TCP keep-alive probes on accepted connections.' }),
    keep_alive_period: f.seconds({ default: 0, doc: 'Seconds of idle time before keep-alive probes start; 0 keeps the OS default.' }),
    signer: signerField('Accepted signers, as on HekaFramingSplitter (Heka\'s docs show them here; Heka 0.10 itself refused them): added to those of the splitter of every connection.'),
  },
  rules: [(c) => (c.use_tls ? serverTlsProblems(c.tls) : undefined)],
  create: (config, _common, { name }) => new TcpInputInstance({
    address: splitHostPort(config.address)!,
    net: config.net,
    keepAlive: config.keep_alive,
    keepAlivePeriod: config.keep_alive_period,
    tls: config.use_tls ? tlsSetup(name, config.tls) : undefined,
    signers: signerKeys(config.signer),
  }),
});
