// A ConsumerContext and Delivery for driving an output in tests without the pipeline.
import { Message, frameMessage, type ByteRangeSink, type Message as MessageType } from '@heka/core';
import type { ConsumerContext, Deferred, Delivery, Encoder } from '../../pipeline/contracts.js';
import { encodeInto } from '../../pipeline/encode-into.js';
import { Pack } from '../../pipeline/pack.js';

export class FakeConsumerContext implements ConsumerContext {
  readonly logs: string[] = [];
  readonly errors: string[] = [];

  constructor(private readonly encoder: Encoder, private readonly useFraming = false, readonly name = 'out') {}

  log(text: string): void { this.logs.push(text); }
  error(text: string): void { this.errors.push(text); }
  inject(_message: MessageType): boolean { return false; }

  encode(pack: Pack): Uint8Array | undefined {
    const bytes = this.encoder.encode(pack);
    return bytes !== undefined && this.useFraming ? frameMessage(bytes) : bytes;
  }

  /** As the runner does it: the payload where it lies for a payload-only encoder. */
  encodeInto(pack: Pack, sink: ByteRangeSink): boolean {
    return encodeInto(this, this.encoder, this.useFraming, pack, sink);
  }
}

/** Counts deferred deliveries and how many were completed (each at most once). */
export class FakeDelivery implements Delivery {
  deferred = 0;
  done = 0;

  defer(): Deferred {
    this.deferred++;
    let called = false;
    return {
      release: () => {
        if (called) throw new Error('delivery completed twice');
        called = true;
        this.done++;
      },
    };
  }

  get pending(): number { return this.deferred - this.done; }
}

/** A pack holding a message with this payload. */
export const payloadPack = (payload: string, timestamp = 0n): Pack => new Pack(new Message({ timestamp, payload }));
