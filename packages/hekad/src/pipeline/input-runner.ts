// Runs one input: its streams go through a splitter instance and a decoder instance of their own,
// and the messages to the router. Back-pressure flows back as promises the input awaits; the
// delivery tracker reports, per stream, the offset up to which every message is finished.
import { Field, Message, ValueType, recordSizeLimit, stampMsNow, type HekadGlobals, type PluginInstance } from '@heka/core';
import type { DecodedBatch, Decoder, Input, InputContext, InputStream, RecordDropReason, Splitter, StreamOptions } from './contracts.js';
import { DeliveryTracker } from './delivery-tracker.js';
import { instantiate } from './instantiate.js';
import type { PipelineLog } from './log.js';
import { Pack, type PackOwner } from './pack.js';
import { RecordRun, type RunOwner } from './record-run.js';
import type { Router } from './router.js';
import { SplitterRunner, type SplitRecord, type SplitterCommon, type SplitterProblem } from './splitter-runner.js';

export interface InputRunnerDeps {
  readonly router: Router;
  readonly globals: HekadGlobals;
  readonly log: PipelineLog;
  /** Configured splitter and decoder sections by name. */
  readonly sections: ReadonlyMap<string, PluginInstance>;
}

interface InputCommon {
  readonly decoder: string;
  readonly splitter: string;
  readonly send_decode_failures: boolean;
  readonly log_decode_failures: boolean;
}

const DECODE_ERROR_LIMIT = 500;
// Delivered packs a stream keeps for reuse, at most (more in flight are left to the GC).
const POOL_MAX = 16_384;
const PIPELINE_HIGH = 4096;
const PIPELINE_LOW = 1024;
/** Records per batch for a decoder that takes batches (decodeBatch): a read's records, at most this many. */
const DECODE_BATCH = 1024;

/** Records of one read in a run, at most (record-run.ts). */
const RUN_MAX = 4096;
/** Finished runs a stream keeps for reuse. */
const RUN_POOL_MAX = 64;

/** A record waiting in a stream's backlog: its pack, or (pipelined decoder) its decoding under way; or a batch or run of records. */
type Pending = Pack | Pack[] | Promise<Pack[]> | DecodingBatch | RecordRun;

/** How many records a backlog item stands for. */
function recordsOf(item: Pending): number {
  return item instanceof DecodingBatch ? item.packs.length : item instanceof RecordRun ? item.count : 1;
}

/** Records handed to a decoder's decodeBatch, routed in order once it answers. */
class DecodingBatch {
  /** The next record to route, its first pack in the answer, its error if it failed. */
  next = 0;
  nextPack = 0;
  nextError = 0;
  constructor(
    readonly packs: Pack[],
    /** The records' delivery numbers (none without a tracker). */
    readonly seqs: number[] | undefined,
    readonly decoded: Promise<DecodedBatch>,
  ) {}
}

export class InputRunner implements InputContext {
  readonly name: string;
  private readonly common: InputCommon;
  /** Records and messages handled, and what the splitters dropped or skipped, for the report. */
  readonly stats = {
    records: 0, messages: 0, decodeFailures: 0, skippedBytes: 0,
    dropped: { 'too-large': 0, 'unknown-signer': 0, 'bad-hmac': 0, 'bad-header': 0, incomplete: 0 } as Record<RecordDropReason, number>,
  };
  /** Times the input was built again after a failure (input-restarts.ts). */
  restarts = 0;

  constructor(readonly instance: PluginInstance, public input: Input, private readonly deps: InputRunnerDeps) {
    this.name = instance.name;
    this.common = instance.common as unknown as InputCommon;
  }

  log(text: string): void { this.deps.log.info(`Input '${this.name}': ${text}`); }
  error(text: string): void { this.deps.log.error(`Input '${this.name}' error: ${text}`); }

  deliver(message: Message): Promise<void> | undefined {
    this.stats.messages++;
    return this.deps.router.route(new Pack(message));
  }

  openStream(options: StreamOptions = {}): InputStream {
    const suffix = options.token ? `-${options.token}` : '';
    const splitterSection = this.section(this.common.splitter, 'splitter');
    const splitter = instantiate<Splitter>(splitterSection, this.deps.globals, `${this.name}-${splitterSection.name}${suffix}`);
    if (options.signers !== undefined && options.signers.size > 0) {
      if (!splitter.acceptSigners) throw new Error(`${this.name} has signer tables but its splitter ${splitterSection.name} does not check signatures (use a HekaFramingSplitter)`);
      splitter.acceptSigners(options.signers);
    }
    const decoder = this.common.decoder === '' ? undefined : this.newDecoder(this.section(this.common.decoder, 'decoder'), suffix);
    return new Stream(this, splitter, splitterSection.common as unknown as SplitterCommon, decoder, options, recordSizeLimit(this.deps.globals));
  }

  /** A decoder instance for one stream (`<input>-<decoder>-<token>`), with its own sub-decoders. */
  private newDecoder(section: PluginInstance, suffix: string): Decoder {
    const name = `${this.name}-${section.name}${suffix}`;
    return instantiate<Decoder>(section, this.deps.globals, name, {
      logError: (text: string) => this.deps.log.error(`Decoder '${name}' error: ${text}`),
      decoder: (sub: string) => {
        const subSection = this.deps.sections.get(sub);
        return subSection?.family === 'decoder' ? this.newDecoder(subSection, suffix) : undefined;
      },
    });
  }

  private section(name: string, what: string): PluginInstance {
    const section = this.deps.sections.get(name);
    if (!section) throw new Error(`${this.name} specifies undefined ${what} ${name}`);
    return section;
  }

  /** The packs of one record: decoded, or, when decoding failed, routed or dropped as configured. */
  decode(decoder: Decoder | undefined, pack: Pack): Pack[] | Promise<Pack[]> {
    if (!decoder) return [pack];
    try {
      const decoded = decoder.decode(pack);
      return decoded instanceof Promise ? decoded.catch((e: unknown) => this.decodeFailed(pack, e)) : decoded;
    } catch (e) {
      return this.decodeFailed(pack, e);
    }
  }

  decodeFailed(pack: Pack, e: unknown): Pack[] {
    this.stats.decodeFailures++;
    const text = e instanceof Error ? e.message : String(e);
    if (this.common.log_decode_failures) this.error(`decoding: ${text}`);
    if (!this.common.send_decode_failures) return [];
    pack.message.fields.push(
      new Field({ name: 'decode_failure', valueType: ValueType.BOOL, values: [true] }),
      new Field({ name: 'decode_error', valueType: ValueType.STRING, values: [text.slice(0, DECODE_ERROR_LIMIT)] }),
    );
    pack.touched();
    return [pack];
  }

  /** Counts and logs what a stream's splitter dropped (no record is dropped silently). */
  problem(problem: SplitterProblem, source: string | undefined): void {
    if (problem.kind === 'record-dropped') this.stats.dropped[problem.reason]++;
    else if (problem.kind === 'message-too-large' || !problem.kept) this.stats.dropped['too-large']++;
    this.error(source === undefined ? problem.message : `${source}: ${problem.message}`);
  }

  get router(): Router { return this.deps.router; }
}

class Stream implements InputStream, PackOwner, RunOwner {
  private readonly splitter: SplitterRunner;
  private readonly tracker: DeliveryTracker | undefined;
  // Set while a record waits (an async decoder, a full queue): later records queue behind it in
  // `backlog` (pack, seq pairs), so messages keep their order; one loop works the backlog off and
  // clears `pump` when the last one is through. (One promise per wait, not several per record.)
  private pump: Promise<void> | undefined;
  private backlog: (Pending | number | undefined)[] = [];
  private backlogHead = 0;
  /** Records in the backlog (a batch counts its records). */
  private queued = 0;
  // A pipelined decoder gets records as they are split; the input waits only while more than
  // PIPELINE_HIGH of them are outstanding, until the backlog is down to PIPELINE_LOW.
  private readonly pipelined: boolean;
  // A decoder that takes batches gets the records of each read (at most DECODE_BATCH) at once.
  private readonly batches: boolean;
  private batch: Pack[] = [];
  private batchSeqs: number[] = [];
  // Records get packs used before: once every consumer released one, its pack and message come
  // back here, as Heka's input pool recycles packs. A new pack and message per log line were most
  // of what hekad allocated (~230 of ~275 bytes per line) and kept the young generation
  // collecting. Without a decoder the record's pack is routed as it is; a synchronous decoder
  // hands the record's pack back (a Lua decoder's pack carries the injected bytes and keeps the
  // record's message aside for this: Pack.carry); a decoder that takes batches decodes into the
  // record's own pack and message (and keeps none).
  private readonly recycles: boolean;
  private readonly pool: Pack[] = [];
  // Without a decoder, the payload records of one read go to the router as a run (record-run.ts).
  private readonly runs: boolean;
  private run: RecordRun | undefined;
  private readonly runPool: RecordRun[] = [];
  // When the bytes being split arrived (a stampMsNow() reading): the Timestamp of the messages
  // made from them. All lines of one read arrived at once, and one clock reading per read
  // instead of per line saved ~6 % of hekad's time at a million lines a second.
  private arrivedMs = 0;
  // The same split as Message.renewAt takes it (whole ms, ns within): small integers, so that
  // passing them per record boxes nothing.
  private arrivedWholeMs = 0;
  private arrivedSubNs = 0;
  private room: { promise: Promise<void>; resolve: () => void } | undefined;

  constructor(
    private readonly runner: InputRunner,
    splitter: Splitter,
    common: SplitterCommon,
    private readonly decoder: Decoder | undefined,
    private readonly options: StreamOptions,
    maxRecordSize: number,
  ) {
    this.pipelined = decoder?.pipelined === true;
    this.batches = this.pipelined && decoder?.decodeBatch !== undefined;
    // A pipelined decoder that does not take batches answers later, with packs of its own.
    this.recycles = (!this.pipelined || this.batches) && !common.use_message_bytes;
    this.runs = decoder === undefined && this.recycles;
    const onDelivered = options.onDelivered;
    this.tracker = onDelivered && new DeliveryTracker(onDelivered);
    this.splitter = new SplitterRunner({
      splitter, common, maxRecordSize,
      ...(options.offset !== undefined ? { offset: options.offset } : {}),
      onRecord: (record) => this.onRecord(record),
      onProblem: (problem) => runner.problem(problem, options.source),
    });
  }

  get skippedBytes(): number {
    return this.splitter.stats.skipped;
  }

  push(chunk: Uint8Array): Promise<void> | undefined {
    const before = this.splitter.stats.skipped;
    this.arrive();
    this.splitter.push(chunk);
    this.submitRun();
    this.submitBatch();
    this.countSkipped(before);
    return this.pipelined ? this.waitForRoom() : this.pump;
  }

  async end(): Promise<void> {
    const before = this.splitter.stats.skipped;
    this.arrive();
    this.splitter.end();
    this.submitRun();
    this.submitBatch();
    this.countSkipped(before);
    await this.pump;
    await this.decoder?.stop?.();
  }

  async stop(): Promise<void> {
    this.submitRun();
    this.submitBatch();
    await this.pump;
    await this.decoder?.stop?.();
  }

  private outstanding(): number {
    return this.queued;
  }

  private waitForRoom(): Promise<void> | undefined {
    if (this.pump === undefined || this.outstanding() < PIPELINE_HIGH) return undefined;
    if (!this.room) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => { resolve = r; });
      this.room = { promise, resolve };
    }
    return this.room.promise;
  }

  private roomMade(): void {
    const room = this.room;
    if (room && (this.pump === undefined || this.outstanding() <= PIPELINE_LOW)) {
      this.room = undefined;
      room.resolve();
    }
  }

  endUnit(): Promise<void> | undefined {
    const before = this.splitter.stats.skipped;
    this.arrive();
    this.splitter.endUnit();
    this.submitRun();
    this.submitBatch();
    this.countSkipped(before);
    return this.pump;
  }

  private arrive(): void {
    const ms = stampMsNow();
    const whole = Math.floor(ms);
    this.arrivedMs = ms;
    this.arrivedWholeMs = whole;
    this.arrivedSubNs = Math.floor((ms - whole) * 1_000_000);
  }

  private countSkipped(before: number): void {
    this.runner.stats.skippedBytes += this.splitter.stats.skipped - before;
  }

  private onRecord(record: SplitRecord): void {
    this.runner.stats.records++;
    if (this.runs && record.kind === 'payload' && record.signer === undefined) {
      this.addToRun(record);
      return;
    }
    this.submitRun();
    const seq = this.tracker?.begin(record.offset);
    const pack = this.makePack(record);
    if (this.batches) {
      this.batch.push(pack);
      if (seq !== undefined) this.batchSeqs.push(seq);
      if (this.batch.length >= DECODE_BATCH) this.submitBatch();
      return;
    }
    // a pipelined decoder starts on the record now; its result is routed in turn
    this.enqueue(this.pipelined ? this.runner.decode(this.decoder, pack) : pack, seq);
  }

  /** The record joins the run of its read (a new one when it lies in another array or the run is full). */
  private addToRun(record: SplitRecord): void {
    let run = this.run;
    if (run !== undefined && (run.source !== record.source || run.count === RUN_MAX)) {
      this.submitRun();
      run = undefined;
    }
    run ??= this.startRun(record.source);
    const seq = this.tracker?.begin(record.offset);
    if (run.count === 0 && seq !== undefined) run.firstSeq = seq;
    run.add(record.start, record.end);
  }

  /** A run for records lying in `source`, its message made what makePack makes of each record but the payload. */
  private startRun(source: Uint8Array): RecordRun {
    const run = this.runPool.pop() ?? new RecordRun(this);
    run.source = source;
    run.arrivedMs = this.arrivedMs;
    run.wholeMs = this.arrivedWholeMs;
    run.subNs = this.arrivedSubNs;
    run.message.renewAt(run.wholeMs, run.subNs);
    this.addHeaders(run.message);
    return this.run = run;
  }

  private submitRun(): void {
    const run = this.run;
    if (run === undefined) return;
    this.run = undefined;
    this.enqueue(run, undefined);
  }

  /** Every consumer is done with the run's records (or, routed one by one, with the run itself). */
  runDone(run: RecordRun): void {
    if (run.whole && run.firstSeq >= 0) this.tracker!.completeRange(run.firstSeq, run.count);
    run.reset();
    if (this.runPool.length < RUN_POOL_MAX) this.runPool.push(run);
  }

  /** Routes the run whole if the router can; otherwise one pack per record, in order, waiting where routing must. */
  private routeRun(run: RecordRun): Promise<void> | undefined {
    if (run.next === 0 && this.runner.router.routeRun(run)) {
      run.whole = true;
      this.runner.stats.messages += run.count;
      run.pack.release();
      return undefined;
    }
    while (run.next < run.count) {
      const i = run.next++;
      let wait: Promise<void> | undefined;
      try {
        wait = this.routeOne(this.recordPack(run, i), run.firstSeq < 0 ? undefined : run.firstSeq + i);
      } catch (e) {
        this.routingFailed(e);
      }
      if (wait !== undefined) {
        const goOn = (): Promise<void> | undefined => this.routeRun(run);
        return wait.then(goOn, (e: unknown) => {
          this.routingFailed(e);
          return goOn();
        });
      }
    }
    run.pack.release();
    return undefined;
  }

  /** Record `i` of a run in a pack of its own, as makePack makes it. */
  private recordPack(run: RecordRun, i: number): Pack {
    const pack = this.freshPack(false, run.arrivedMs, run.wholeMs, run.subNs);
    const message = pack.message;
    message.setPayloadIn(run.source, run.starts[i]!, run.ends[i]!);
    this.addHeaders(message);
    return pack;
  }

  /**
   * The headers of a message made from a payload record: Logger the input's name (set one by one,
   * not through an init object: one object less per record), then what the input's decorator sets
   * (Heka's pack decorator runs before decoding, as here: a decoder may overwrite it).
   */
  private addHeaders(message: Message): void {
    message._logger = this.runner.name;
    this.options.decorate?.(message);
  }

  /** The records split so far go to the decoder as one batch. */
  private submitBatch(): void {
    if (this.batch.length === 0) return;
    const packs = this.batch;
    const seqs = this.tracker ? this.batchSeqs : undefined;
    this.batch = [];
    this.batchSeqs = [];
    this.enqueue(new DecodingBatch(packs, seqs, this.decoder!.decodeBatch!(packs)), undefined);
  }

  private enqueue(item: Pending, seq: number | undefined): void {
    if (this.pump !== undefined) {
      this.backlog.push(item, seq);
      this.queued += recordsOf(item);
      return;
    }
    const running = this.process(item, seq);
    if (running) this.pump = this.drain(running);
  }

  /** Waits for the record in progress, then processes the backlog in order, waiting only where routing must. */
  private async drain(first: Promise<void>): Promise<void> {
    let wait: Promise<void> | undefined = first;
    const backlog = this.backlog;
    for (;;) {
      if (wait !== undefined) {
        try {
          await wait;
        } catch (e) {
          this.routingFailed(e);
        }
      }
      if (this.backlogHead >= backlog.length) break;
      const item = backlog[this.backlogHead] as Pending;
      const seq = backlog[this.backlogHead + 1] as number | undefined;
      backlog[this.backlogHead] = undefined;
      this.backlogHead += 2;
      this.queued -= recordsOf(item);
      if (this.room) this.roomMade();
      try {
        wait = this.process(item, seq);
      } catch (e) {
        this.routingFailed(e);
        wait = undefined;
      }
    }
    backlog.length = 0;
    this.backlogHead = 0;
    this.queued = 0;
    this.pump = undefined;
    if (this.room) this.roomMade();
  }

  private routingFailed(e: unknown): void {
    this.runner.error(`routing: ${e instanceof Error ? e.message : String(e)}`);
  }

  private makePack(record: SplitRecord): Pack {
    const pack = this.freshPack(record.kind === 'message', this.arrivedMs, this.arrivedWholeMs, this.arrivedSubNs);
    const message = pack.message;
    if (record.signer) pack.signer = record.signer;
    if (record.kind === 'message') {
      pack.bytes = record.bytes;
      this.options.decorate?.(message); // before decoding, as addHeaders
    } else {
      message.setPayloadIn(record.source, record.start, record.end);
      this.addHeaders(message);
    }
    return pack;
  }

  /**
   * A pack held by one, its message new as Message.create makes it, stamped at the time given
   * (stampMsNow() reading, and split: whole ms, ns): a pooled one when there is one. `bare`: a
   * message of no content, for message bytes to be decoded into.
   */
  private freshPack(bare: boolean, ms: number, wholeMs: number, subNs: number): Pack {
    const pooled = this.recycles ? this.pool.pop() : undefined;
    if (pooled === undefined) return new Pack(bare ? new Message() : Message.create(undefined, ms));
    // The same objects, made what a new pack and Message.create() would be.
    pooled.renew();
    // A pack that went out carrying a decoder's bytes kept no message of its own.
    if (pooled.undecoded) pooled.message = Message.create(undefined, ms);
    else pooled.message.renewAt(wholeMs, subNs);
    return pooled;
  }

  private process(item: Pending, seq: number | undefined): Promise<void> | undefined {
    if (item instanceof RecordRun) return this.routeRun(item);
    // Without a decoder the record is its one pack: no array for it.
    if (item instanceof Pack && this.decoder === undefined) return this.routeOne(item, seq);
    if (item instanceof DecodingBatch) {
      return item.decoded.then((answer) => this.routeBatch(item, answer), (e: unknown) => this.routeBatch(item, failedBatch(item.packs.length, e)));
    }
    const decoded = item instanceof Pack ? this.runner.decode(this.decoder, item) : item;
    return decoded instanceof Promise ? decoded.then((packs) => this.route(packs, seq)) : this.route(decoded, seq);
  }

  /**
   * Routes a batch's records in order from `item.next`; when routing must wait, goes on after
   * the wait. A failure to route one record is logged and the next goes on.
   */
  private routeBatch(item: DecodingBatch, answer: DecodedBatch): Promise<void> | undefined {
    const { counts, packs, errors } = answer;
    const n = item.packs.length;
    while (item.next < n) {
      const i = item.next++;
      const count = counts[i]!;
      const seq = item.seqs?.[i];
      let wait: Promise<void> | undefined;
      try {
        if (count === 1) wait = this.routeOne(packs[item.nextPack++]!, seq);
        else if (count < 0) wait = this.route(this.runner.decodeFailed(item.packs[i]!, errors[item.nextError++]), seq);
        else wait = this.route(packs.slice(item.nextPack, (item.nextPack += count)), seq);
      } catch (e) {
        this.routingFailed(e);
      }
      if (wait !== undefined) {
        const goOn = (): Promise<void> | undefined => this.routeBatch(item, answer);
        return wait.then(goOn, (e: unknown) => {
          this.routingFailed(e);
          return goOn();
        });
      }
    }
    return undefined;
  }

  private routeOne(pack: Pack, seq: number | undefined): Promise<void> | undefined {
    if (seq !== undefined) {
      pack.owner = this;
      pack.seq = seq;
    } else if (this.recycles) pack.owner = this;
    this.runner.stats.messages++;
    return this.runner.router.route(pack);
  }

  /** A record's one pack is finished: the record is delivered (and the pack free for another). */
  packDone(pack: Pack): void {
    if (this.tracker !== undefined) this.tracker.complete(pack.seq);
    if (this.recycles && this.pool.length < POOL_MAX) {
      // Let go of the read chunk now, not when the pack is next used: a pooled message that
      // still pointed at its chunk kept 1 MiB read slabs alive into the old generation, and their
      // external memory set off mark-compacts.
      if (!pack.undecoded) {
        // (a pack carrying a decoder's bytes holds no chunk)
        const message = pack.message;
        message._payload = undefined;
        message._wire = undefined; // a decoded message's: a worker's batch of results
      }
      this.pool.push(pack);
    }
  }

  /** Routes one record's packs; the record counts as delivered when all of them are done. */
  private route(packs: Pack[], seq: number | undefined): Promise<void> | undefined {
    if (packs.length === 0) {
      if (seq !== undefined) this.tracker!.complete(seq);
      return undefined;
    }
    if (packs.length === 1) return this.routeOne(packs[0]!, seq);
    const group = seq === undefined ? undefined : new RecordPacks(this.tracker!, seq, packs.length);
    let waits: Promise<void>[] | undefined;
    for (const pack of packs) {
      if (group) pack.owner = group;
      this.runner.stats.messages++;
      const wait = this.runner.router.route(pack);
      if (wait) (waits ??= []).push(wait);
    }
    return waits && Promise.all(waits).then(() => undefined);
  }
}

/** The packs a decoder made of one record: the record is delivered when the last is done. */
class RecordPacks implements PackOwner {
  constructor(private readonly tracker: DeliveryTracker, private readonly seq: number, private remaining: number) {}

  packDone(): void {
    if (--this.remaining === 0) this.tracker.complete(this.seq);
  }
}

/** Every record of a batch failed with the same error (the decoder's worker is gone). */
function failedBatch(records: number, e: unknown): DecodedBatch {
  const error = e instanceof Error ? e : new Error(String(e));
  return { counts: new Int32Array(records).fill(-1), packs: [], errors: new Array<Error>(records).fill(error) };
}
