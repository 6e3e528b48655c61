// The `signer` table of Heka's client tools (heka-flood, heka-sbmgr, heka-sbmgrload): how the
// messages they send are HMAC signed (spec §1.4). One declaration so every tool decodes it alike.
import { f, type ConfigValues } from '../config/index.js';
import type { Signer } from '../message/signing.js';

const signerFields = {
  name: f.string({ default: '', doc: 'Signer name written in the header (hmac_signer).' }),
  hmac_hash: f.string({ default: 'md5', doc: '"sha1" for HMAC-SHA1; anything else means MD5, as in Heka.' }),
  hmac_key: f.string({ default: '', secret: true, doc: 'The shared HMAC key.' }),
  version: f.uint({ default: 0, max: 4294967295, doc: 'Key version written in the header.' }),
} as const;

export type SignerConfig = ConfigValues<typeof signerFields>;

/** The `signer` group; `doc` says where the table sits in the tool's config. */
export function signerGroup(doc: string) {
  return f.group(signerFields, { doc });
}

export function signerFromConfig(config: SignerConfig): Signer {
  return { name: config.name, hmacHash: config.hmac_hash, key: config.hmac_key, version: config.version };
}
