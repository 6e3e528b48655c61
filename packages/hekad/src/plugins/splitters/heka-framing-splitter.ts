import { definePlugin, f, messageSizeLimit } from '@heka/core';
import { HekaFramingSplitterInstance } from './heka-framing-finder.js';

const SIGNER_KEY = /^.+_\d+$/;

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
  description: 'Unsigned messages are always accepted. A signed message is accepted only when its signer and key version name a `signer` entry and its HMAC matches that key; otherwise it is dropped.',
  common: { use_message_bytes: true },
  config: {
    signer: f.map(
      f.group(
        { hmac_key: f.string({ required: true, secret: true, example: 'TzlWj9e5ZVpxd3E1', doc: 'The HMAC key this signer uses for this key version.' }) },
        { doc: 'One signer key version.' },
      ),
      {
        keyDoc: '<signer>_<version>',
        doc: 'Accepted signers, one sub-table per signer and key version: `[name.signer.ops_0]` with `hmac_key = "…"`.',
        // Heka looks keys up as "<signer>_<version>", so any other key can never match.
        checkKey: (key) => (SIGNER_KEY.test(key) ? undefined : {
          severity: 'warning',
          message: `signer "${key}" is not named <signer>_<version>, so no message can ever match it`,
          hint: `name it after the signer and its key version, e.g. [<section>.signer.${key}_0]`,
        }),
      },
    ),
    skip_authentication: f.bool({ default: false, doc: 'Accept signed messages without checking their HMAC.' }),
  },
  create: (config, _common, context) => new HekaFramingSplitterInstance({
    maxMessageSize: messageSizeLimit(context.globals),
    signers: new Map(Object.entries(config.signer).map(([key, s]) => [key, s.hmac_key])),
    skipAuthentication: config.skip_authentication,
  }),
});
