// SplitterRunner throughput: about 200-byte newline records (TokenSplitter, RegexSplitter) and
// framed messages (HekaFramingSplitter), pushed in 64 KiB chunks as a file reader would.
// Run `pnpm build` first; prints one JSON line per case.
import { frameMessage } from '../../packages/core/dist/index.js';
import { SplitterRunner } from '../../packages/hekad/dist/pipeline/splitter-runner.js';
import { TokenSplitterInstance } from '../../packages/hekad/dist/plugins/splitters/token-splitter.js';
import { RegexSplitterInstance } from '../../packages/hekad/dist/plugins/splitters/regex-splitter.js';
import { HekaFramingSplitterInstance } from '../../packages/hekad/dist/plugins/splitters/heka-framing-finder.js';
import { measure, report } from './measure.js';

const STREAM_BYTES = 32 * 1024 * 1024;
const CHUNK = 64 * 1024;
const common = { keep_truncated: false, use_message_bytes: false, min_buffer_size: 8192, deliver_incomplete_final: false };

/** Log lines of 150–250 bytes (about 200 on average). */
function lines() {
  const parts = [];
  let size = 0;
  for (let i = 0; size < STREAM_BYTES; i++) {
    const line = `10.0.${i % 256}.${(i * 7) % 256} - - [21/Nov/2026:10:00:${String(i % 60).padStart(2, '0')} +0000] "GET /api/v1/items/${i} HTTP/1.1" 200 ${i % 5000} "-" "bench/1.0" ${'x'.repeat(40 + ((i * 37) % 100))}\n`;
    parts.push(Buffer.from(line));
    size += line.length;
  }
  return { stream: Buffer.concat(parts), records: parts.length };
}

function framed() {
  const parts = [];
  let size = 0;
  for (let i = 0; size < STREAM_BYTES; i++) {
    const frame = frameMessage(Buffer.alloc(150 + ((i * 37) % 100), i & 0xff));
    parts.push(frame);
    size += frame.length;
  }
  return { stream: Buffer.concat(parts), records: parts.length };
}

function chunked(stream) {
  const out = [];
  for (let i = 0; i < stream.length; i += CHUNK) out.push(stream.subarray(i, i + CHUNK));
  return out;
}

function run(makeSplitter, chunks, use_message_bytes = false) {
  let count = 0;
  const runner = new SplitterRunner({ splitter: makeSplitter(), common: { ...common, use_message_bytes }, maxRecordSize: 65794, onRecord: () => count++ });
  for (const chunk of chunks) runner.push(chunk);
  runner.end();
  return count;
}

const text = lines();
const frames = framed();
const cases = {
  token: [text, () => new TokenSplitterInstance(10, 1)],
  'regex-newline': [text, () => new RegexSplitterInstance('\n', true)],
  'heka-framing': [frames, () => new HekaFramingSplitterInstance({ maxMessageSize: 65536, signers: new Map(), skipAuthentication: false }), true],
};
const only = process.argv.slice(2);
for (const [name, [{ stream, records }, make, msgBytes]] of Object.entries(cases)) {
  if (only.length > 0 && !only.includes(name)) continue;
  const chunks = chunked(stream);
  if (run(make, chunks, msgBytes) !== records) throw new Error(`${name}: record count mismatch`);
  const { perCpuSecond, perWallSecond } = measure(() => run(make, chunks, msgBytes), { batch: 1, seconds: 2, rounds: 5 });
  report({
    bench: 'splitters', case: name, chunkBytes: CHUNK, recordBytes: Math.round(stream.length / records),
    recordsPerSec: Math.round(perCpuSecond * records), mbPerSec: Math.round((perCpuSecond * stream.length) / 1e6),
    wallRecordsPerSec: Math.round(perWallSecond * records),
  });
}
