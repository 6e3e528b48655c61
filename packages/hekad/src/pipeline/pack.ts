// A message on its way through the pipeline (Heka's PipelinePack). The router and every plugin
// that receives the pack hold a reference; when the last one lets go, its owner hears of it.
// Inputs use that to move their checkpoint (the LogstreamerInput journal) only past delivered
// messages. An owner and a number instead of a closure: one object less per message. Once
// released by all, a pack and its message may be used again by their owner (Pack.renew).
import type { Message } from '@heka/core';

/** Told when the last holder of one of its packs let go. */
export interface PackOwner {
  packDone(pack: Pack): void;
}

export class Pack {
  /** Encoded message bytes, when they are known to match `message` (set by decoders that read them). */
  bytes: Uint8Array | undefined = undefined;
  /** Name of the signer that authenticated the message ("" when unsigned), for `message_signer`. */
  signer = '';
  /** How many times filters re-injected this message's ancestors (`max_message_loops`). */
  loopCount = 0;
  /** The owner's number for this pack (an input's record number). */
  seq = 0;
  private refs = 1;

  constructor(
    public message: Message,
    /** Hears when the last holder releases the pack; inputs set it to track delivery. */
    public owner?: PackOwner,
  ) {}

  get references(): number { return this.refs; }

  /**
   * Ready to carry its message (renewed by the caller) again, held by one: for an owner that
   * pools its packs. Only once the last holder released it (packDone).
   */
  renew(): void {
    if (this.refs !== 0) throw new Error('Pack.renew() while the pack is held');
    this.bytes = undefined;
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
