// Frames a control message signed with the config's [signer]. Heka signed even without a
// [signer] table (empty name and key, MD5); the manager's message_signer decides what it accepts.
import { FramingError, HekaError, StreamEncoder, signerFromConfig, type Message, type SignerConfig } from '@heka/core';

export function signedEncoder(signer: SignerConfig): (message: Message) => Uint8Array {
  const encoder = new StreamEncoder(signerFromConfig(signer));
  return (message) => {
    try {
      return encoder.encode(message);
    } catch (e) {
      if (!(e instanceof FramingError)) throw e;
      throw new HekaError('HEKA_SBMGR_TOO_BIG', `Error sending message: ${e.message}`, {
        hint: 'a control message holds the whole script and its config: together they must stay under 64 KiB; nothing was sent',
      });
    }
  };
}
