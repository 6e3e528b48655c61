// Which prepared message heka-flood sends next, exactly as Heka decides it: a send is corrupted,
// signed or oversized each time floor(sent × percentage) moves on, so the share of each kind is
// exact rather than random. The oversized floor only advances on sends that are not signed.

export type SendKind = 'unsigned' | 'signed' | 'oversized';

export interface SendChoice {
  kind: SendKind;
  corrupt: boolean;
  /** Which of the prepared messages of that kind (random). */
  index: number;
}

export interface Percentages {
  corrupt: number;
  signed: number;
  oversized: number;
}

export class SendPlan {
  private lastCorrupt = 0;
  private lastSigned = 0;
  private lastOversized = 0;
  private readonly corrupt: number;
  private readonly signed: number;
  private readonly oversized: number;

  constructor(percent: Percentages, private readonly messages: number, private readonly random: () => number = Math.random) {
    this.corrupt = percent.corrupt / 100;
    this.signed = percent.signed / 100;
    this.oversized = percent.oversized / 100;
  }

  /** The choice for the send that follows `sent` earlier sends. */
  next(sent: number): SendChoice {
    const index = Math.floor(this.random() * this.messages);
    const c = Math.floor(sent * this.corrupt);
    const corrupt = c !== this.lastCorrupt;
    this.lastCorrupt = c;
    const s = Math.floor(sent * this.signed);
    if (s !== this.lastSigned) {
      this.lastSigned = s;
      return { kind: 'signed', corrupt, index };
    }
    const o = Math.floor(sent * this.oversized);
    if (o !== this.lastOversized) {
      this.lastOversized = o;
      return { kind: 'oversized', corrupt, index: 0 };
    }
    return { kind: 'unsigned', corrupt, index };
  }
}

/** A copy of the record with one random byte replaced by a random value (the original is reused). */
export function corrupted(record: Uint8Array, random: () => number = Math.random): Uint8Array {
  const copy = Uint8Array.from(record);
  copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
  return copy;
}
