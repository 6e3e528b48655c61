// Message codec throughput on typical ~200-byte messages with 10 mixed fields. Each case cycles
// through a set of distinct messages: 256 (about what a Heka pipeline holds in flight: a pool of
// 100 plus its queues), and 4096, whose objects no longer fit the CPU caches.
// Run `pnpm build` first; prints one JSON line per case. `node codec.bench.js encode` runs only
// the cases named.
import { decodeMessage, encodeMessage } from '../../packages/core/dist/index.js';
import { heka } from '../../packages/core/dist/message/message.generated.js';
import { measure, report } from './measure.js';
import { typicalMessages } from './typical-messages.js';

let sink = 0;

/** Reads every header field and every field value, as a sandbox or a JSON encoder would. */
function readAll(msg) {
  let n = msg.type.length + msg.logger.length + msg.hostname.length + msg.payload.length + msg.severity + msg.pid;
  n += Number(msg.timestamp & 1n) + msg.uuid.length;
  for (const field of msg.fields) {
    n += field.name.length + field.valueType + field.representation.length;
    for (const v of field.values) n += typeof v === 'string' ? v.length : 1;
  }
  return n;
}

function casesFor(count) {
  const messages = typicalMessages(count);
  const encoded = messages.map(encodeMessage);
  const generatedInput = encoded.map((b) => heka.Message.decode(b));
  const bytesPerMsg = Math.round(encoded.reduce((n, b) => n + b.length, 0) / count);
  const cases = {
    decode: (i) => { sink += decodeMessage(encoded[i % count]).timestamp > 0n ? 1 : 0; },
    'decode+read-all': (i) => { sink += readAll(decodeMessage(encoded[i % count])); },
    encode: (i) => { sink += encodeMessage(messages[i % count]).length; },
    // A decoded message whose fields were never read copies them back as they came.
    'decode+encode-untouched': (i) => { sink += encodeMessage(decodeMessage(encoded[i % count])).length; },
  };
  if (count === 256) {
    // The protobufjs static code generated from message.proto, for comparison.
    cases['generated-decode'] = (i) => { sink += heka.Message.decode(encoded[i % count]).fields.length; };
    cases['generated-encode'] = (i) => { sink += heka.Message.encode(generatedInput[i % count]).finish().length; };
  }
  return { cases, bytesPerMsg };
}

const only = process.argv.slice(2);
for (const count of [256, 4096]) {
  const { cases, bytesPerMsg } = casesFor(count);
  for (const [name, fn] of Object.entries(cases)) {
    if (only.length > 0 && !only.includes(name)) continue;
    const { perCpuSecond, perWallSecond } = measure(fn, { rounds: 7 });
    report({
      bench: 'codec', case: name, messages: count, bytesPerMsg, msgPerSec: Math.round(perCpuSecond),
      nsPerMsg: Math.round(1e9 / perCpuSecond), wallMsgPerSec: Math.round(perWallSecond),
    });
  }
}
if (sink === 42) console.log('');
