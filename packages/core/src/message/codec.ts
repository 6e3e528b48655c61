// The message codec: Heka protobuf bytes <-> Message.
//
// message.proto is the wire schema and its protobufjs static code (message.generated.js) is the
// reference implementation: the framing header goes through it, and the tests check this codec
// against it byte for byte. Messages themselves take a hand-written path, because the generated
// code misses the throughput targets by a wide margin (it allocates a view per bytes field and
// a Long per int64; see docs/perf.md): decode.ts checks the whole message in one pass but copies
// nothing and decodes lazily, encode.ts writes Heka's exact layout in two passes.
export { checkMessage, decodeMessage } from './decode.js';
export { encodeMessage } from './encode.js';
export { MessageDecodeError } from './wire.js';
