// Protocol buffer wire primitives for the message codec: a bounds-checked reader that says where
// the bytes went wrong, varint arithmetic for the two-pass encoder, and int64 <-> bigint without
// Long objects.

export const WireType = { VARINT: 0, I64: 1, LEN: 2, I32: 5 } as const;

/** Bytes that are not a well-formed Heka message; `offset` is where the problem was found. */
export class MessageDecodeError extends Error {
  override name = 'MessageDecodeError';
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

const NO_BYTES = new Uint8Array(0);

/**
 * A cursor over `buf[pos, end)`. Reused across calls (decoding is synchronous), so it allocates
 * nothing per value. `what` arguments only feed error messages.
 */
export class WireReader {
  buf: Uint8Array = NO_BYTES;
  pos = 0;
  end = 0;
  /** Low and high 32 bits of the last varint64(). */
  lo = 0;
  hi = 0;

  reset(buf: Uint8Array, pos: number, end: number): this {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    return this;
  }

  /** Drops the reference to the last buffer, so a reused reader does not keep it alive. */
  release(): void {
    this.buf = NO_BYTES;
  }

  /**
   * A varint's low 32 bits, unsigned. Up to 10 bytes are accepted: int32 fields hold negative
   * values as 5-byte (Heka's Go encoder) or 10-byte (standard) varints; `| 0` gives the int32.
   * One-byte varints (nearly all tags and lengths) take a path small enough to be inlined.
   */
  varint32(what: string): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.longVarint32(what);
  }

  private longVarint32(what: string): number {
    const buf = this.buf;
    const end = this.end;
    let pos = this.pos;
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= end) return this.truncatedVarint(what);
      const b = buf[pos++]!;
      value |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    for (let i = 0; i < 5; i++) {
      if (pos >= end) return this.truncatedVarint(what);
      if (buf[pos++]! < 0x80) {
        this.pos = pos;
        return value >>> 0;
      }
    }
    throw new MessageDecodeError(`${what} at byte ${this.pos}: varint longer than 10 bytes`, this.pos);
  }

  /** A 64-bit varint, into `lo`/`hi` (two's complement halves, unsigned). */
  varint64(what: string): void {
    const buf = this.buf;
    const end = this.end;
    let pos = this.pos;
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) {
        this.truncatedVarint(what);
        return;
      }
      const b = buf[pos++]!;
      if (i < 4) lo |= (b & 0x7f) << (7 * i);
      else if (i === 4) {
        lo |= (b & 0x7f) << 28;
        hi = (b & 0x7f) >>> 4;
      } else hi |= (b & 0x7f) << (7 * i - 32);
      if (b < 0x80) {
        this.pos = pos;
        this.lo = lo >>> 0;
        this.hi = hi >>> 0;
        return;
      }
    }
    throw new MessageDecodeError(`${what} at byte ${this.pos}: varint longer than 10 bytes`, this.pos);
  }

  /** Reads a length prefix and returns where the value ends; `pos` is left at its first byte. */
  lengthEnd(what: string): number {
    const at = this.pos;
    const length = this.varint32(what);
    const left = this.end - this.pos;
    if (length > left) {
      throw new MessageDecodeError(`truncated ${what} at byte ${at}: needs ${length} bytes, only ${left} left`, at);
    }
    return this.pos + length;
  }

  /** Skips one value of the given wire type (an unknown field). */
  skip(wireType: number, what: string): void {
    switch (wireType) {
      case WireType.VARINT:
        this.varint64(what);
        return;
      case WireType.I64:
        this.fixed(8, what);
        return;
      case WireType.LEN:
        this.pos = this.lengthEnd(what);
        return;
      case WireType.I32:
        this.fixed(4, what);
        return;
      default:
        throw new MessageDecodeError(`${what} at byte ${this.pos}: unsupported wire type ${wireType}`, this.pos);
    }
  }

  /** Skips `n` fixed-size bytes. */
  fixed(n: number, what: string): void {
    if (this.end - this.pos < n) {
      throw new MessageDecodeError(`truncated ${what} at byte ${this.pos}: needs ${n} bytes, only ${this.end - this.pos} left`, this.pos);
    }
    this.pos += n;
  }

  private truncatedVarint(what: string): never {
    throw new MessageDecodeError(`truncated ${what} at byte ${this.pos}: the data ends inside a varint`, this.pos);
  }
}

/** Where the length-delimited value whose (already checked) length prefix is at `at` ends. */
export function lengthDelimitedEnd(buf: Uint8Array, at: number): number {
  let length = 0;
  let shift = 0;
  let b: number;
  do {
    b = buf[at++]!;
    length += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b >= 0x80);
  return at + length;
}

/** A view of the length-delimited value whose (already checked) length prefix is at `at`. */
export function lengthDelimitedAt(buf: Uint8Array, at: number): Uint8Array {
  const end = lengthDelimitedEnd(buf, at);
  let start = at + 1;
  while (buf[start - 1]! >= 0x80) start++;
  return buf.subarray(start, end);
}

/** Bytes a varint of the unsigned 32-bit `v` takes. */
export function varint32Size(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

/** Bytes a varint of the 64-bit value with unsigned halves `lo`/`hi` takes. */
export function varint64Size(lo: number, hi: number): number {
  if (hi === 0) return varint32Size(lo);
  // Bits above the low 35 (5 groups of 7) decide the rest.
  const upper = (hi >>> 3) >>> 0;
  return upper === 0 ? 5 : upper < 0x80 ? 6 : upper < 0x4000 ? 7 : upper < 0x200000 ? 8 : upper < 0x10000000 ? 9 : 10;
}

/** Writes an unsigned 32-bit varint at `pos`; returns the position after it. */
export function writeVarint32(buf: Uint8Array, pos: number, v: number): number {
  while (v > 0x7f) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos++] = v;
  return pos;
}

/** Writes a 64-bit varint from its unsigned halves; returns the position after it. */
export function writeVarint64(buf: Uint8Array, pos: number, lo: number, hi: number): number {
  while (hi !== 0) {
    buf[pos++] = (lo & 0x7f) | 0x80;
    lo = ((lo >>> 7) | (hi << 25)) >>> 0;
    hi >>>= 7;
  }
  return writeVarint32(buf, pos, lo);
}

// An int64 slot seen as two uint32 halves: storing a bigint and reading the halves (or the
// reverse) converts natively, without BigInt arithmetic.
const int64Slot = new BigInt64Array(1);
const halves = new Uint32Array(int64Slot.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;
const INT64_MIN = -0x8000000000000000n;
const INT64_MAX = 0x7fffffffffffffffn;

/** The int64 whose two's complement halves are `lo`/`hi` (unsigned), losslessly. */
export function int64ToBigInt(lo: number, hi: number): bigint {
  if (hi === 0) return BigInt(lo);
  halves[LO] = lo;
  halves[HI] = hi;
  return int64Slot[0]!;
}

/**
 * Splits an int64 bigint into unsigned two's complement halves, stored at out[i] (lo) and
 * out[i + 1] (hi). Throws a RangeError outside the int64 range, which Heka cannot carry.
 */
export function splitInt64(v: bigint, out: Uint32Array, i: number): void {
  if (v < INT64_MIN || v > INT64_MAX) throw new RangeError(`${v} is outside the int64 range`);
  int64Slot[0] = v;
  out[i] = halves[LO]!;
  out[i + 1] = halves[HI]!;
}
