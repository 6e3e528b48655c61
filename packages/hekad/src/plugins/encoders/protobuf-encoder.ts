import { definePlugin } from '@heka/core';

export const ProtobufEncoder = definePlugin({
  type: 'ProtobufEncoder',
  family: 'encoder',
  summary: 'Encodes a message as Heka protobuf bytes.',
  config: {},
});
