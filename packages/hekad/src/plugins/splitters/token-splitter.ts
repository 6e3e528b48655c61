import { definePlugin, f } from '@heka/core';

export const TokenSplitter = definePlugin({
  type: 'TokenSplitter',
  family: 'splitter',
  summary: 'Cuts a stream after every Nth occurrence of a one-byte delimiter; each record keeps its delimiter.',
  example: `
[pipe_records]
type = "TokenSplitter"
delimiter = "|"
`,
  config: {
    delimiter: f.string({
      default: '\n',
      example: '\n',
      doc: 'The byte that ends a record.',
      // Heka counts bytes, so a multi-byte UTF-8 character is refused too.
      check: (d) => (Buffer.byteLength(d, 'utf8') === 1 ? undefined : { message: 'TokenSplitter delimiter must be a single character.', hint: 'write a single byte, e.g. delimiter = "\\n" or delimiter = ","' }),
    }),
    count: f.uint({ default: 1, zeroMeansDefault: true, doc: 'How many delimiters end one record; 0 is taken as 1.' }),
  },
});
