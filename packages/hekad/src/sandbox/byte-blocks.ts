// Small byte arrays handed out as views of shared 64 KiB blocks: one ArrayBuffer per block
// instead of one per message (an ArrayBuffer costs far more to make than a view). A view keeps
// its block alive and is never written again once handed out.
const BLOCK = 64 * 1024;
/** Bigger requests get an array of their own. */
const LARGEST = BLOCK / 8;

let block = new Uint8Array(0);
let used = 0;
// every block handed out (and frozen buffer): their views are never written again, so holders need not copy them
const blocks = new WeakSet<ArrayBufferLike>();

/** A fresh, writable array of `length` bytes (contents unspecified until written). */
export function allocBytes(length: number): Uint8Array {
  if (length > LARGEST) return new Uint8Array(length);
  if (used + length > block.length) {
    block = new Uint8Array(BLOCK);
    blocks.add(block.buffer);
    used = 0;
  }
  used += length;
  return block.subarray(used - length, used);
}

/** Declares that nothing writes `buffer` any more (e.g. a batch of results from a worker). */
export function freezeBuffer(buffer: ArrayBufferLike): void {
  blocks.add(buffer);
}

/** True when `bytes` is a view allocBytes handed out, or of a frozen buffer: its contents never change. */
export function isFrozenBlockView(bytes: Uint8Array): boolean {
  const buffer = bytes.buffer;
  if (buffer === lastFound) return true; // consecutive messages mostly share a block
  if (!blocks.has(buffer)) return false;
  lastFound = buffer;
  return true;
}
let lastFound: ArrayBufferLike | undefined;
