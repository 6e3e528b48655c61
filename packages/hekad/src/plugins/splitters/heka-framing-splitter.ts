import { definePlugin, f, messageSizeLimit } from '@heka/core';
import { HekaFramingSplitterInstance } from './heka-framing-finder.js';
import { signerField, signerKeys } from './signer-field.js';

export const HekaFramingSplitter = definePlugin({
  type: 'HekaFramingSplitter',
  family: 'splitter',
  summary: 'Finds Heka-framed protobuf messages in a stream and checks the HMAC of signed ones.',
  example: `
[signed_framing]
type = "HekaFramingSplitter"

[signed_framing.signer.ops_0]
hmac_key = "4865ey9urgkidls xtb0[7lf9rzcivthkm"
`,
  description: `
Unsigned messages are always accepted. A signed message is accepted only when its signer and key
version name a \`signer\` entry (of this splitter, or of the TcpInput or UdpInput using it) and its
HMAC matches that key; otherwise it is dropped, logged, and counted in the input's report
(\`DropUnknownSignerCount\`, \`DropBadHmacCount\`). Bytes between records that are not Heka
framing are skipped and counted (\`SkippedBytes\`); a header announcing more than
\`[hekad] max_message_size\` is refused with Heka's error and counted (\`DropTooLargeCount\`).
`,
  common: { use_message_bytes: true },
  config: {
    signer: signerField('Accepted signers, one sub-table per signer and key version: `[name.signer.ops_0]` with `hmac_key = "…"`.'),
    skip_authentication: f.bool({ default: false, doc: 'Accept signed messages without checking their HMAC.' }),
  },
  create: (config, _common, context) => new HekaFramingSplitterInstance({
    maxMessageSize: messageSizeLimit(context.globals),
    signers: signerKeys(config.signer),
    skipAuthentication: config.skip_authentication,
  }),
});
