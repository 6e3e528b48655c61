import { encodeMessage } from './codec.js';
import { FrameReader, type FrameItem } from './frame-reader.js';
import { frameMessage } from './framing.js';
import { Message } from './message.js';
import { heka } from './message.generated.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h.replace(/\s+/g, ''), 'hex'));
const concat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));

const messageBytes = (i: number, payload = ''): Uint8Array =>
  encodeMessage(new Message({ uuid: new Uint8Array(16).fill(i), timestamp: BigInt(i), type: 'test', payload }));
const signer = { name: 'test', hmacHash: 'sha1', key: 'k', version: 1 };
const A = frameMessage(messageBytes(1));
const B = frameMessage(messageBytes(2, 'x'.repeat(300)), signer);
const C = frameMessage(messageBytes(3, 'p'));

type Plain = { kind: 'record'; offset: number; message: string } | { kind: 'skip'; offset: number; length: number; truncated?: true; oversized?: number[] };

function plain(item: FrameItem): Plain {
  if (item.kind === 'skip') return { ...item };
  expect(hex(item.record.subarray(item.record.length - item.message.length))).toBe(hex(item.message));
  return { kind: 'record', offset: item.offset, message: hex(item.message) };
}

/** Everything a reader yields for the stream pushed as `chunks`, finish() included. */
function readChunks(chunks: Uint8Array[], maxMessageSize?: number): Plain[] {
  const reader = new FrameReader({ maxMessageSize });
  const items: FrameItem[] = [];
  for (const chunk of chunks) {
    reader.push(chunk);
    for (let item = reader.next(); item !== undefined; item = reader.next()) items.push(item);
  }
  return items.concat(reader.finish()).map(plain);
}

function chunked(stream: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < stream.length; i += size) chunks.push(stream.subarray(i, i + size));
  return chunks;
}

const record = (offset: number, frame: Uint8Array): Plain => ({ kind: 'record', offset, message: hex(frame.subarray(3 + frame[1]!)) });

/**
 * Spec §1.6 applied to a whole buffer, written plainly and with the generated header decoder,
 * to check the incremental reader against.
 */
function reference(stream: Uint8Array, max = 65536): Plain[] {
  const items: Plain[] = [];
  let skip: Extract<Plain, { kind: 'skip' }> | undefined;
  const skipped = (offset: number, length: number): void => {
    if (length === 0) return;
    skip ??= { kind: 'skip', offset, length: 0 };
    skip.length += length;
  };
  let pos = 0;
  while (pos < stream.length) {
    const at = stream.indexOf(0x1e, pos);
    if (at < 0) {
      skipped(pos, stream.length - pos);
      pos = stream.length;
      break;
    }
    skipped(pos, at - pos);
    pos = at;
    if (stream.length - at < 2 || stream.length < at + stream[at + 1]! + 3) break;
    const headerEnd = at + 2 + stream[at + 1]!;
    let length = -1;
    if (stream[headerEnd] === 0x1f) {
      try {
        const header = heka.Header.decode(stream.subarray(at + 2, headerEnd));
        if (Object.hasOwn(header, 'message_length')) length = header.message_length;
      } catch { /* not a header */ }
    }
    if (length > max) (skip ??= { kind: 'skip', offset: at, length: 0 }).oversized = [...(skip.oversized ?? []), length];
    if (length < 0 || length > max) {
      skipped(at, 1);
      pos = at + 1;
      continue;
    }
    if (headerEnd + 1 + length > stream.length) break;
    if (skip) items.push(skip);
    skip = undefined;
    items.push({ kind: 'record', offset: at, message: hex(stream.subarray(headerEnd + 1, headerEnd + 1 + length)) });
    pos = headerEnd + 1 + length;
  }
  if (skip) items.push(skip);
  if (pos < stream.length) items.push({ kind: 'skip', offset: pos, length: stream.length - pos, truncated: true });
  return items;
}

describe('FrameReader', () => {
  const stream = concat(A, B, C);
  const expected = [record(0, A), record(A.length, B), record(A.length + B.length, C)];

  it('finds consecutive records, signed or not, with their headers', () => {
    const reader = new FrameReader();
    reader.push(stream);
    const first = reader.next();
    const second = reader.next();
    expect(first).toMatchObject({ kind: 'record', offset: 0, header: { message_length: A.length - 5, hmac: undefined } });
    expect(second).toMatchObject({ kind: 'record', offset: A.length, header: { hmac_signer: 'test', hmac_key_version: 1, hmac_hash_function: 1 } });
    expect(second?.kind === 'record' && hex(second.record)).toBe(hex(B));
    expect(readChunks([stream])).toEqual(expected);
  });

  it('gives the same items for a stream split at any position, or fed byte by byte', () => {
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(readChunks([stream.subarray(0, cut), stream.subarray(cut)])).toEqual(expected);
    }
    expect(readChunks(chunked(stream, 1))).toEqual(expected);
    expect(readChunks(chunked(stream, 7))).toEqual(expected);
  });

  it('reports garbage before and between records as one skip per gap, in stream order', () => {
    const garbage = concat(bytes('616263'), A, bytes('1f781e00'), C, bytes('7a'));
    const items = [
      { kind: 'skip', offset: 0, length: 3 }, record(3, A),
      { kind: 'skip', offset: 3 + A.length, length: 4 }, record(7 + A.length, C),
      { kind: 'skip', offset: 7 + A.length + C.length, length: 1 },
    ];
    expect(readChunks([garbage])).toEqual(items);
    expect(readChunks(chunked(garbage, 1))).toEqual(items);
  });

  it('waits, as Heka does, when a stray 0x1E is followed by a length reaching past the data', () => {
    // 0x1E 0x78 asks for 123 bytes: A is inside them, so nothing more is found before the end.
    expect(readChunks([concat(bytes('1e78'), A)])).toEqual([{ kind: 'skip', offset: 0, length: 2 + A.length, truncated: true }]);
  });

  it('skips a separator whose header is not followed by 0x1F, and resynchronises one byte later', () => {
    const broken = concat(bytes('1e02 0817 00'), A); // 0x00 where 0x1F belongs
    expect(readChunks([broken])).toEqual([{ kind: 'skip', offset: 0, length: 5 }, record(5, A)]);
  });

  it('skips a header that does not decode or lacks message_length', () => {
    const broken = concat(bytes('1e01 ff 1f'), bytes('1e02 2800 1f'), A);
    expect(readChunks([broken])).toEqual([{ kind: 'skip', offset: 0, length: 9 }, record(9, A)]);
  });

  it('refuses a message_length over the maximum, reporting it, and finds the record inside', () => {
    // Claims 70000 bytes; the record that follows is found by resynchronising.
    const oversized = concat(bytes('1e04 08f0a204 1f'), A);
    expect(readChunks([oversized])).toEqual([{ kind: 'skip', offset: 0, length: 7, oversized: [70000] }, record(7, A)]);
    // With a 28-byte limit C (29 bytes of message) is refused and A (28) accepted.
    expect(readChunks([concat(C, A)], 28)).toEqual([{ kind: 'skip', offset: 0, length: C.length, oversized: [29] }, record(C.length, A)]);
  });

  it('accepts a record with an empty message', () => {
    expect(readChunks([bytes('1e02 0800 1f')])).toEqual([{ kind: 'record', offset: 0, message: '' }]);
  });

  it('reports an unfinished record at the end of the input as truncated', () => {
    const cut = concat(A, B.subarray(0, 10));
    expect(readChunks([cut])).toEqual([record(0, A), { kind: 'skip', offset: A.length, length: 10, truncated: true }]);
    expect(readChunks(chunked(cut, 3))).toEqual([record(0, A), { kind: 'skip', offset: A.length, length: 10, truncated: true }]);
    expect(readChunks([bytes('78 1e')])).toEqual([{ kind: 'skip', offset: 0, length: 1 }, { kind: 'skip', offset: 1, length: 1, truncated: true }]);
    expect(readChunks([])).toEqual([]);
  });

  it('keeps views valid after more input arrives, and counts what it holds', () => {
    const reader = new FrameReader();
    const views: Uint8Array[] = [];
    for (const chunk of chunked(stream, 5)) {
      reader.push(chunk);
      for (let item = reader.next(); item !== undefined; item = reader.next()) if (item.kind === 'record') views.push(item.record);
    }
    expect(views.map(hex)).toEqual([A, B, C].map(hex));
    reader.push(A.subarray(0, 4));
    expect(reader.buffered).toBe(4);
    expect(reader.finish()).toEqual([{ kind: 'skip', offset: stream.length, length: 4, truncated: true }]);
    expect(() => reader.push(A)).toThrow('FrameReader: push() after finish()');
  });

  it('can be iterated, and counts offsets from where the stream started', () => {
    const reader = new FrameReader({ offset: 1000 });
    reader.push(concat(bytes('00'), A, C.subarray(0, 5)));
    expect([...reader].map(plain)).toEqual([{ kind: 'skip', offset: 1000, length: 1 }, record(1001, A)]);
    reader.push(C.subarray(5));
    expect([...reader].map(plain)).toEqual([record(1001 + A.length, C)]);
    expect([...reader]).toEqual([]);
  });

  it('agrees with a plain reading of spec §1.6 on random streams of records, garbage and near-records', () => {
    let seed = 1;
    const rnd = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const pieces = [A, B, C, bytes('1e'), bytes('1f'), bytes('1e02'), bytes('1e020817'), bytes('1e0208ff1f'), bytes('1e0408f0a2041f'), bytes('00'), bytes('0817')];
    for (let round = 0; round < 200; round++) {
      const parts = Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => pick(pieces));
      let s = concat(...parts);
      if (rnd() < 0.3) s = s.subarray(0, Math.floor(rnd() * s.length));
      const want = reference(s);
      expect(readChunks([s])).toEqual(want);
      expect(readChunks(chunked(s, 1 + Math.floor(rnd() * 40)))).toEqual(want);
    }
  });
});
