// Small byte arrays handed out as views of shared 64 KiB blocks: one ArrayBuffer per block
// instead of one per message (an ArrayBuffer costs far more to make than a view). A view keeps
// its block alive and is never written again once handed out.
import { isUnsignedFrame, unsignedFrameSize, writeUnsignedFrame, type ByteRangeSink } from '@heka/core';

const BLOCK = 64 * 1024;
/** Bigger requests get an array of their own. */
const LARGEST = BLOCK / 8;

let block = new Uint8Array(0);
let used = 0;
// every block handed out (and frozen buffer): their views are never written again, so holders
// need not copy them. (A set, not a map to a view of the buffer: a WeakMap value that refers to
// its key kept worker result buffers alive until a full collection, +100 MB RSS with two workers.)
const blocks = new WeakSet<ArrayBufferLike>();

/** A fresh, writable array of `length` bytes (contents unspecified until written). */
export function allocBytes(length: number): Uint8Array {
  if (length > LARGEST) return new Uint8Array(length);
  reserve(length);
  used += length;
  return block.subarray(used - length, used);
}

/** Makes room for `length` more bytes in the current block. */
function reserve(length: number): void {
  if (used + length > block.length) {
    block = new Uint8Array(BLOCK);
    blocks.add(block.buffer);
    used = 0;
  }
}

/**
 * allocBytes(length), with the unsigned Heka stream framing of a message of that length written
 * just before it in the same block (when the block has it). A framed output then writes the
 * record as one range of the block, header and message, instead of copying the message behind
 * a new header; consecutive records in a block join into one range (see frameInPlace).
 */
export function allocFramed(length: number): Uint8Array {
  const frame = unsignedFrameSize(length);
  if (frame + length > LARGEST) return allocBytes(length);
  reserve(frame + length);
  writeUnsignedFrame(block, used, length);
  used += frame + length;
  return block.subarray(used - length, used);
}

/** Declares that nothing writes `buffer` any more (e.g. a batch of results from a worker). */
export function freezeBuffer(buffer: ArrayBufferLike): void {
  blocks.add(buffer);
}

/** True when `bytes` is a view allocBytes handed out, or of a frozen buffer: its contents never change. */
export function isFrozenBlockView(bytes: Uint8Array): boolean {
  return frozenBlockOf(bytes) !== undefined;
}

/** The whole block (or frozen buffer) `bytes` is a view of, or undefined when it is not one. */
export function frozenBlockOf(bytes: Uint8Array): Uint8Array | undefined {
  const buffer = bytes.buffer;
  if (buffer === lastBuffer) return lastBlock; // consecutive messages mostly share a block
  if (!blocks.has(buffer)) return undefined;
  lastBuffer = buffer;
  lastBlock = buffer === block.buffer ? block : new Uint8Array(buffer);
  return lastBlock;
}
let lastBuffer: ArrayBufferLike | undefined;
let lastBlock: Uint8Array | undefined;

/**
 * When `bytes` came from allocFramed (its block holds the stream framing for its length just
 * before it), hands `sink` the whole record, framing and message, as one range of the block and
 * returns true. The framing bytes are checked, not assumed: what goes out is exactly what
 * frameMessage(bytes) without a signer would make.
 */
export function addFramedInPlace(bytes: Uint8Array, sink: ByteRangeSink): boolean {
  const whole = frozenBlockOf(bytes);
  if (whole === undefined) return false;
  const at = bytes.byteOffset - whole.byteOffset;
  const length = bytes.length;
  const frameAt = at - unsignedFrameSize(length);
  if (!isUnsignedFrame(whole, frameAt, length)) return false;
  sink.addRange(whole, frameAt, at + length);
  return true;
}
