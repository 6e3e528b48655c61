// The records of one read that differ only in their payload (no decoder: each line becomes a
// message payload, and the input gives every message of the read the same headers and
// timestamp) go through the router as one item: a matcher that reads headers only is asked
// once for all of them, and a consumer that takes runs (Consumer.takesRuns) processes them one
// after the other in one Pack and Message, the next payload each time. At a million log lines a
// second, making, routing, matching and pooling a pack per line cost the main thread more than
// the rest of a line's work together.
import { Message } from '@heka/core';
import { Pack, type PackOwner } from './pack.js';

const EMPTY = new Uint8Array(0);

/** Hears when every consumer is done with every record of a run. */
export interface RunOwner {
  runDone(run: RecordRun): void;
}

export class RecordRun implements PackOwner {
  /** The message every record of the run is carried in, in turn; its headers are set once per run. */
  readonly message = new Message();
  /** The pack that carries it: held by the stream while routing, and by consumers per record they keep. */
  readonly pack: Pack;
  /** The array the records lie in. */
  source: Uint8Array = EMPTY;
  /** Record i is source[starts[i], ends[i]). */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  count = 0;
  /** The delivery number of the first record (the others follow it in order); -1 when untracked. */
  firstSeq = -1;
  /** When the records' bytes arrived: a stampMsNow() reading, and split as Message.renewAt takes it. */
  arrivedMs = 0;
  wholeMs = 0;
  subNs = 0;
  /** Routed whole (true), or one pack per record (false; `next` is the next record to route so). */
  whole = false;
  next = 0;

  constructor(private readonly owner: RunOwner) {
    this.pack = new Pack(this.message, this);
  }

  add(start: number, end: number): void {
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.count++;
  }

  /** The pack now carries record `i` (its payload; a uuid of its own; no bytes an encoder cached for the last one). */
  select(i: number): void {
    this.message.nextRecordIn(this.source, this.starts[i]!, this.ends[i]!);
    this.pack.bytes = undefined;
  }

  packDone(): void {
    this.owner.runDone(this);
  }

  /** Empty and held by one again, ready for the records of another read (after runDone). */
  reset(): void {
    this.count = 0;
    this.next = 0;
    this.firstSeq = -1;
    this.whole = false;
    this.source = EMPTY;
    this.message._payload = undefined; // lets the read chunk go
    this.pack.renew();
  }
}
