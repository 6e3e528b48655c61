// FrameReader throughput over a large stream of framed typical messages (about 230 bytes per
// record), pushed in 64 KiB chunks as a file or socket reader would. Run `pnpm build` first;
// prints one JSON line per case.
import { FrameReader, decodeMessage, encodeMessage, frameMessage } from '../../packages/core/dist/index.js';
import { measure, report } from './measure.js';
import { typicalMessages } from './typical-messages.js';

const STREAM_BYTES = 32 * 1024 * 1024;
const CHUNK = 64 * 1024;

const records = typicalMessages(1024).map((m) => frameMessage(encodeMessage(m)));
const parts = [];
let size = 0;
for (let i = 0; size < STREAM_BYTES; i++) {
  const r = records[i % records.length];
  parts.push(r);
  size += r.length;
}
const stream = Buffer.concat(parts);
const chunks = [];
for (let i = 0; i < stream.length; i += CHUNK) chunks.push(stream.subarray(i, i + CHUNK));

function readAll(onRecord) {
  const reader = new FrameReader();
  let count = 0;
  for (const chunk of chunks) {
    reader.push(chunk);
    for (let item = reader.next(); item !== undefined; item = reader.next()) {
      if (item.kind !== 'record') throw new Error(`unexpected ${item.kind} at ${item.offset}`);
      count += onRecord(item);
    }
  }
  if (reader.finish().length !== 0) throw new Error('trailing bytes');
  return count;
}

const cases = {
  'frame-reader': () => readAll(() => 1),
  'frame-reader+decode': () => readAll((r) => decodeMessage(r.message).uuid.length > 0 ? 1 : 0),
};
const only = process.argv.slice(2);
for (const [name, fn] of Object.entries(cases)) {
  if (only.length > 0 && !only.includes(name)) continue;
  if (fn() !== parts.length) throw new Error('record count mismatch');
  const { perCpuSecond, perWallSecond } = measure(fn, { batch: 1, seconds: 2, rounds: 5 });
  report({
    bench: 'framing', case: name, chunkBytes: CHUNK, recordBytes: Math.round(stream.length / parts.length),
    mbPerSec: Math.round((perCpuSecond * stream.length) / 1e6), recordsPerSec: Math.round(perCpuSecond * parts.length),
    wallMbPerSec: Math.round((perWallSecond * stream.length) / 1e6),
  });
}
