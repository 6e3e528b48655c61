// Heka's client ProtobufEncoder: a message as one framed stream record, signed when a signer is
// given. heka-inject, heka-flood and heka-sbmgr send exactly these bytes.
import { encodeMessage } from '../message/codec.js';
import { DEFAULT_MAX_MESSAGE_SIZE, frameMessage } from '../message/framing.js';
import type { Message } from '../message/message.js';
import type { Signer } from '../message/signing.js';

export class StreamEncoder {
  constructor(readonly signer?: Signer, readonly maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE) {}

  /** Throws a FramingError when the message exceeds maxMessageSize. */
  encode(message: Message): Uint8Array {
    return frameMessage(encodeMessage(message), this.signer, this.maxMessageSize);
  }
}
