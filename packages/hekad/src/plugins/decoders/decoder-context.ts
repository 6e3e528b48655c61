// What decoders may get from the runtime besides `{ name, globals }` when they are created. Each
// member is optional so a decoder also works when created with the plain CreateContext.
import type { CreateContext } from '@heka/core';
import type { Decoder } from '../../pipeline/contracts.js';

export interface DecoderCreateContext extends CreateContext {
  /**
   * Reports a problem that does not fail the decode (an unrecognised Timestamp or Severity
   * capture), as Heka's `DecoderRunner.LogError`: shown as `Plugin 'NAME' error: …`.
   */
  readonly logError?: (text: string) => void;
  /**
   * A new instance of the decoder section `name` (MultiDecoder's subs), or undefined when no
   * decoder section has that name. The runtime creates sections in the order validateConfig
   * returns them, so a MultiDecoder's subs can always be built by the time it is.
   */
  readonly decoder?: (name: string) => Decoder | undefined;
}
