import { definePlugin } from '@heka/core';

export const ProtobufDecoder = definePlugin({
  type: 'ProtobufDecoder',
  family: 'decoder',
  summary: 'Decodes Heka protobuf message bytes into a message.',
  config: {},
});
