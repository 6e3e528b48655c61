// A decoder worker's answer to a batch: per record its messages' protobuf bytes, or its error.
// The bytes are sent where they lie: messages the sandbox injected are in the worker's 64 KiB
// byte blocks (byte-blocks.ts), which go over whole (transferred; the worker's next message
// starts a new block) instead of being copied into one more buffer; the few that lie elsewhere
// are copied into one buffer of their own.
import { isFrozenBlockView } from '../../sandbox/byte-blocks.js';

export interface BatchResults {
  /** Per record: how many messages it became, or -1 when it failed (its error is the next of `errors`). */
  counts: Int32Array;
  errors: string[];
  /** Transferred: the blocks holding the messages. */
  buffers: ArrayBuffer[];
  /** Per message, in record order: its buffer's index, start and end. */
  places: Uint32Array;
}

/** Gathers a batch's results (worker thread). */
export class BatchResultsWriter {
  readonly #counts: Int32Array;
  readonly #errors: string[] = [];
  readonly #messages: Uint8Array[] = [];
  // the record take() adds to, and where its messages began
  #record = 0;
  #recordStart = 0;

  constructor(records: number) {
    this.#counts = new Int32Array(records);
  }

  /** The messages handed to take() from now on are record `record`'s. */
  startRecord(record: number): void {
    this.#record = record;
    this.#recordStart = this.#messages.length;
  }

  /** Adds a message of the current record (one function, made once: handed to the decoder). */
  readonly take = (bytes: Uint8Array): void => {
    this.#messages.push(bytes);
    this.#counts[this.#record]! += 1;
  };

  decoded(record: number, messages: readonly Uint8Array[]): void {
    this.startRecord(record);
    for (const m of messages) this.take(m);
  }

  /** Record `record` failed: messages it took before failing are dropped. */
  failed(record: number, error: string): void {
    if (record === this.#record) this.#messages.length = this.#recordStart;
    this.#counts[record] = -1;
    this.#errors.push(error);
  }

  /** The results; the blocks in `buffers` are detached here once posted with them as the transfer list. */
  finish(): BatchResults {
    const messages = this.#messages;
    const places = new Uint32Array(3 * messages.length);
    const buffers: ArrayBuffer[] = [];
    const index = new Map<ArrayBuffer, number>();
    let restLength = 0;
    for (const m of messages) if (!inBlock(m)) restLength += m.length;
    const rest = restLength > 0 ? new Uint8Array(restLength) : undefined;
    let restAt = 0;
    for (let k = 0; k < messages.length; k++) {
      const m = messages[k]!;
      let start = m.byteOffset;
      let buffer = m.buffer as ArrayBuffer;
      if (!inBlock(m)) {
        rest!.set(m, restAt);
        start = restAt;
        restAt += m.length;
        buffer = rest!.buffer;
      }
      let b = index.get(buffer);
      if (b === undefined) {
        b = buffers.push(buffer) - 1;
        index.set(buffer, b);
      }
      places[3 * k] = b;
      places[3 * k + 1] = start;
      places[3 * k + 2] = start + m.length;
    }
    return { counts: this.#counts, errors: this.#errors, buffers, places };
  }
}

/** In a byte block (never written again, and nothing in the worker keeps it): sent as it is. */
function inBlock(m: Uint8Array): boolean {
  return m.buffer instanceof ArrayBuffer && isFrozenBlockView(m);
}

/** The messages' bytes again (main thread): views of the transferred blocks, in order. */
export function resultViews({ buffers, places }: BatchResults): Uint8Array[] {
  const out: Uint8Array[] = new Array(places.length / 3);
  for (let k = 0; k < out.length; k++) {
    const start = places[3 * k + 1]!;
    out[k] = new Uint8Array(buffers[places[3 * k]!]!, start, places[3 * k + 2]! - start);
  }
  return out;
}
