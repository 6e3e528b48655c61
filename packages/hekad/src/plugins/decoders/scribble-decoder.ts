import { Message, definePlugin, f } from '@heka/core';
import type { Decoder } from '../../pipeline/contracts.js';
import type { Pack } from '../../pipeline/pack.js';
import { MessageTemplate } from './message-template.js';

/** Stamps fixed headers and fields on every message. */
export class ScribbleDecoderInstance implements Decoder {
  constructor(private readonly template: MessageTemplate) {}

  decode(pack: Pack): Pack[] {
    this.template.populate(pack.message);
    if (this.template.size > 0) pack.touched();
    return [pack];
  }
}

export const ScribbleDecoder = definePlugin({
  type: 'ScribbleDecoder',
  family: 'decoder',
  summary: 'Sets fixed header values and adds fixed string fields to every message.',
  description: 'Typically the last sub of a MultiDecoder with cascade_strategy = "all", to stamp a Type on decoded messages. Values are used literally (no %name% interpolation).',
  example: `
[stamp]
type = "ScribbleDecoder"
[stamp.message_fields]
Type = "nginx.access"
Severity = "6"
"Env|label" = "production"
`,
  config: {
    message_fields: f.map(f.string({ doc: 'Literal value.' }), {
      doc: 'Header names (Type, Logger, Payload, Hostname, Pid, Severity, Uuid) set the header; any other key adds a STRING field; `name|representation` adds the field with a representation.',
      keyDoc: '<header or field name>',
      example: { Type: 'MyType' },
      // Values are fixed, so a Pid, Severity or Uuid Heka would refuse at every message is refused at load.
      check: (fields) => {
        try {
          new MessageTemplate(fields).populate(new Message());
          return undefined;
        } catch (e) {
          return { message: (e as Error).message, hint: 'Pid and Severity take an integer, Uuid 16 bytes or the 8-4-4-4-12 hex form' };
        }
      },
    }),
  },
  create: (config) => new ScribbleDecoderInstance(new MessageTemplate(config.message_fields)),
});
