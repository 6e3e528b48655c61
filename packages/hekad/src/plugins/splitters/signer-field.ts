// The `signer` tables that name accepted HMAC keys: `[name.signer.<signer>_<version>]` with
// `hmac_key`. HekaFramingSplitter has them in Heka; TcpInput and UdpInput accept them too, as
// Heka's docs show them there.
import { f } from '@heka/core';

const SIGNER_KEY = /^.+_\d+$/;

export function signerField(doc: string) {
  return f.map(
    f.group(
      { hmac_key: f.string({ required: true, secret: true, example: 'TzlWj9e5ZVpxd3E1', doc: 'The HMAC key this signer uses for this key version.' }) },
      { doc: 'One signer key version.' },
    ),
    {
      keyDoc: '<signer>_<version>',
      doc,
      // Heka looks keys up as "<signer>_<version>", so any other key can never match.
      checkKey: (key) => (SIGNER_KEY.test(key) ? undefined : {
        severity: 'warning',
        message: `signer "${key}" is not named <signer>_<version>, so no message can ever match it`,
        hint: `name it after the signer and its key version, e.g. [<section>.signer.${key}_0]`,
      }),
    },
  );
}

/** "<signer>_<version>" → HMAC key. */
export function signerKeys(tables: Readonly<Record<string, { readonly hmac_key: string }>>): Map<string, string> {
  return new Map(Object.entries(tables).map(([key, s]) => [key, s.hmac_key]));
}
