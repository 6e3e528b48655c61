// A message on its way through the pipeline (Heka's PipelinePack). The router and every plugin
// that receives the pack hold a reference; when the last one lets go, its owner hears of it.
// Inputs use that to move their checkpoint (the LogstreamerInput journal) only past delivered
// messages. An owner and a number instead of a closure: one object less per message. Once
// released by all, a pack and its message may be used again by their owner (Pack.renew).
import { decodeMessage, type Message } from '@heka/core';

/** Told when the last holder of one of its packs let go. */
export interface PackOwner {
  packDone(pack: Pack): void;
}

export class Pack {
  // The message, or undefined while the pack carries it only as `encoded` (carry()): decoded when
  // first read. A Lua decoder's output is mostly only matched by "TRUE" and written out as the
  // same bytes; decoding each one into a Message cost ~300 bytes and ~1 µs per log line.
  private decoded: Message | undefined;
  // Encoded message bytes, when they are known to match the message.
  private encoded: Uint8Array | undefined = undefined;
  /** Name of the signer that authenticated the message ("" when unsigned), for `message_signer`. */
  signer = '';
  /** How many times filters re-injected this message's ancestors (`max_message_loops`). */
  loopCount = 0;
  /** The owner's number for this pack (an input's record number). */
  seq = 0;
  private refs = 1;

  constructor(
    message: Message,
    /** Hears when the last holder releases the pack; inputs set it to track delivery. */
    public owner?: PackOwner,
  ) {
    this.decoded = message;
  }

  get message(): Message {
    return this.decoded ?? this.decode();
  }
  set message(message: Message) {
    this.decoded = message;
  }

  /** Encoded message bytes, when they are known to match `message` (set by decoders that read them). */
  get bytes(): Uint8Array | undefined {
    return this.encoded;
  }
  set bytes(bytes: Uint8Array | undefined) {
    if (this.decoded === undefined) this.decode(); // the bytes were all there was of the message
    this.encoded = bytes;
  }

  /**
   * The pack now carries the message encoded as `bytes`, decoded only when `message` is read.
   * The bytes must be a valid message (checkMessage) and never change. `spare`: nothing else
   * refers to the message the pack had (a record's, now decoded): it is kept, without its
   * payload, for renew() to hand back to an owner that pools packs.
   */
  carry(bytes: Uint8Array, spare = false): void {
    const had = this.decoded;
    if (spare && had !== undefined) {
      had._payload = undefined; // a pooled message must not keep its read chunk alive
      this.spare = had;
    }
    this.decoded = undefined;
    this.encoded = bytes;
  }
  // The message the pack had before carry(bytes, true), for reuse.
  private spare: Message | undefined;

  /** True while the message is still only its bytes (not read since carry()). */
  get undecoded(): boolean {
    return this.decoded === undefined;
  }

  private decode(): Message {
    if (this.encoded === undefined) throw new Error('Pack: neither a message nor its bytes');
    return (this.decoded = decodeMessage(this.encoded));
  }

  get references(): number { return this.refs; }

  /**
   * Ready to carry its message (renewed by the caller) again, held by one: for an owner that
   * pools its packs. Only once the last holder released it (packDone). A pack that was carrying
   * bytes gets back its spare message, if it kept one; without one (`undecoded` stays true) the
   * owner gives it a new message.
   */
  renew(): void {
    if (this.refs !== 0) throw new Error('Pack.renew() while the pack is held');
    if (this.decoded === undefined) this.decoded = this.spare;
    this.spare = undefined;
    this.encoded = undefined;
    this.signer = '';
    this.loopCount = 0;
    this.seq = 0;
    this.refs = 1;
  }

  /** One more holder (a matched filter or output). */
  retain(): void {
    if (this.refs <= 0) throw new Error('Pack.retain() after the last release');
    this.refs++;
  }

  /** A holder is finished with the pack (processed, written and flushed, or not matched). */
  release(): void {
    if (this.refs <= 0) throw new Error('Pack.release() called more often than retain()');
    if (--this.refs === 0) this.owner?.packDone(this);
  }

  /** The message changed: the cached bytes no longer describe it. */
  touched(): void {
    this.bytes = undefined;
  }
}
