// What the pipeline expects from each plugin family's running instance. A plugin's declaration
// builds one with `create(config, common, context)`; the runners drive it.
import type { ByteRangeSink, Message, PluginInstance } from '@heka/core';
import type { Pack } from './pack.js';

// ── Splitters ────────────────────────────────────────────────────────────────────────────────
// One splitter instance per input stream (file, connection), owned by one SplitterRunner. As in
// Heka, the runner owns the buffer and the splitter only says where the next record lies.

/**
 * The answer of `Splitter.findRecord`. A splitter may return the same object on every call: the
 * runner reads it before calling again.
 */
export interface FoundRecord {
  /**
   * Bytes of `buf[start, end)` used up: anything skipped, the record and its delimiter. The
   * runner scans next from `start + consumed` and counts the stream offset through them.
   */
  consumed: number;
  /** The record is `buf[recordStart, recordEnd)`; both are NO_RECORD when the bytes hold no complete record yet. */
  recordStart: number;
  recordEnd: number;
}

export const NO_RECORD = -1;

/** Why a found record was not delivered. */
export type RecordDropReason =
  /** Longer than the maximum record size (and keep_truncated is off). */
  | 'too-large'
  /** Signed by a signer/key version the splitter has no key for. */
  | 'unknown-signer'
  /** The HMAC does not match the message. */
  | 'bad-hmac'
  /** The framing header cannot be decoded. */
  | 'bad-header'
  /** The input ended inside a record and deliver_incomplete_final is off. */
  | 'incomplete';

/** The result of unframing one record. */
export type Unframed =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly signer: string | undefined }
  | { readonly ok: false; readonly reason: RecordDropReason; readonly message: string };

/** Something a splitter tells its runner about while finding records. */
export type SplitterReport =
  | {
    readonly kind: 'message-too-large';
    /** The message_length the refused header announced. */
    readonly length: number;
    readonly message: string;
  }
  /** Bytes that belong to no record (garbage before a frame, a separator that led nowhere). */
  | { readonly kind: 'skipped'; readonly bytes: number };

/** What the runner offers the splitter it drives. */
export interface SplitterHost {
  report(report: SplitterReport): void;
}

export interface Splitter {
  /**
   * Finds the first record in `buf[start, end)`. The runner never changes bytes it has shown a
   * splitter, so a splitter may keep work done on them (decoded text) for a later call with the
   * same `buf` and `end`.
   */
  findRecord(buf: Uint8Array, start: number, end: number): FoundRecord;
  /**
   * Turns a found record into what is delivered (HekaFramingSplitter: the message bytes, after
   * checking the HMAC). Without it a record is delivered as found.
   */
  unframe?(record: Uint8Array): Unframed;
  /** Forget state tied to buffered bytes: the runner threw them away (record too large). */
  reset?(): void;
  /** Called once by the runner before the first findRecord. */
  attach?(host: SplitterHost): void;
  /**
   * Adds HMAC keys ("<signer>_<version>" → key) from the input's own signer tables, which Heka's
   * docs show on TcpInput and UdpInput. Splitters that do not authenticate leave it out.
   */
  acceptSigners?(signers: ReadonlyMap<string, string>): void;
}

// ── Messages in flight ───────────────────────────────────────────────────────────────────────
// A Pack (pack.ts) carries one message through the pipeline; references are counted so that an
// input learns when every consumer is done with what it read (at-least-once checkpoints).

/** One line of a plugin's report (heka.all-report, SIGUSR1, the live view). */
export interface ReportField {
  readonly name: string;
  readonly value: string | number | bigint | boolean;
  /** Unit or format hint, as Heka's field representation (`count`, `ns`, `B`). */
  readonly representation?: string;
}

/** What every running plugin may offer besides its family's methods. */
export interface Reporting {
  report?(): readonly ReportField[];
}

// ── Decoders ─────────────────────────────────────────────────────────────────────────────────

export interface Decoder extends Reporting {
  /**
   * Decodes one pack (its bytes or its payload) and returns the packs to route: usually
   * `[pack]`, several when one record holds several messages, `[]` to drop it quietly. Throwing
   * means the record could not be decoded; the input's `send_decode_failures` and
   * `log_decode_failures` decide what happens to it.
   */
  decode(pack: Pack): Pack[] | Promise<Pack[]>;
  /**
   * decode() answers with promises and wants the next records before earlier ones are done (a
   * decoder in a worker thread batches them): the stream hands each record over as it is split
   * and routes the results in record order, holding the input back only when too many are
   * outstanding.
   */
  readonly pipelined?: boolean;
  /**
   * A pipelined decoder may take a stream's records a batch at a time, answering the whole
   * batch with one promise (one per record cost the main thread much when a worker decodes):
   * the stream then calls this instead of decode(), with the records of each read. A record's
   * first pack must be the record's own (its message may be another object, or decoded into);
   * the decoder keeps none of them once it answered: the stream uses them again when delivered.
   */
  decodeBatch?(packs: Pack[]): Promise<DecodedBatch>;
  /** The stream ended: finish what is under way and release what the decoder holds (preserve_data). */
  stop?(): void | Promise<void>;
}

/** Decoder.decodeBatch's answer: what each record became, in record order, without an array per record. */
export interface DecodedBatch {
  /** Per record: the number of its packs (0 drops it quietly), or -1 when it failed (its error is the next of `errors`). */
  readonly counts: Int32Array;
  /** The packs of all records, one record's after the other's (as decode() would return them). */
  readonly packs: readonly Pack[];
  readonly errors: readonly Error[];
}

// ── Encoders ─────────────────────────────────────────────────────────────────────────────────

export interface Encoder extends Reporting {
  /** The bytes an output writes for the message, or undefined to skip it. */
  encode(pack: Pack): Uint8Array | undefined;
  /**
   * encode() gives exactly the message's payload bytes, always: an output may then take them
   * where they lie (ConsumerContext.encodeInto) instead of calling encode.
   */
  readonly payloadOnly?: boolean;
  /** Called at shutdown for encoders that hold resources. */
  stop?(): void;
}

// ── Filters and outputs ──────────────────────────────────────────────────────────────────────

/** What the runner offers the filter or output it drives. */
export interface ConsumerContext {
  /** The plugin's section name. */
  readonly name: string;
  /** An informational line, shown as `Plugin 'NAME': …`. */
  log(text: string): void;
  /** An error line, shown as `Plugin 'NAME' error: …`. */
  error(text: string): void;
  /**
   * Filters: hands a new message to the router. False when refused: the filter's own matcher
   * would take it, or it exceeds `max_message_loops` counted from `from`.
   */
  inject(message: Message, from?: Pack): boolean;
  /** Outputs: the message encoded by the output's encoder (framed with `use_framing`); undefined to skip it. */
  encode(pack: Pack): Uint8Array | undefined;
  /**
   * Outputs that gather bytes: the same bytes as encode(), handed to `sink`, where they lie when
   * they are the payload of a message read from a chunk (no view made); false to skip the message.
   */
  encodeInto?(pack: Pack, sink: ByteRangeSink): boolean;
  /** Starting and stopping filters while hekad runs (SandboxManagerFilter); absent outside a pipeline. */
  readonly filters?: DynamicFilters;
}

/** A filter cannot be added: hekad is shutting down. */
export class ShuttingDownError extends Error {
  override name = 'ShuttingDownError';
  constructor() {
    super('hekad is shutting down');
  }
}

/**
 * Filters added and removed at run time (Heka's AddFilterRunner / RemoveFilterRunner). Such a
 * filter may always exit: when it stops, hekad carries on and `onExit` is told.
 */
export interface DynamicFilters {
  /** Whether a filter of that name runs (one being unloaded no longer counts). */
  hasFilter(name: string): boolean;
  /**
   * Builds the filter, prepares it (a failure throws and nothing is registered), then registers
   * its matcher with the router. Refused when the name is taken, and while hekad shuts down
   * (a ShuttingDownError).
   */
  addFilter(instance: PluginInstance, onExit?: () => void): Promise<void>;
  /**
   * Stops offering the filter messages; it drains what it has queued, cleans up and ends. False
   * when no filter of that name was added at run time.
   */
  removeFilter(name: string): boolean;
}

/**
 * The runner releases the pack when processMessage returns (or its promise settles). A plugin
 * that finishes later, e.g. an output that writes in batches, calls `defer()` while processing
 * and `release()` on what it returned, exactly once, when the message is written and flushed:
 * inputs move their checkpoints only past messages every consumer has finished. Once released,
 * the pack and its message are the input's again (it reuses them for later records, as Heka's
 * packs are recycled): keep nothing of them but copies and the payload bytes.
 */
export interface Delivery {
  defer(): Deferred;
}

/** A delivery finished later: `release()` once, when the plugin is done with the message. */
export interface Deferred {
  release(): void;
}

/** Thrown by processMessage to have the same message retried after a back-off. */
export class RetryMessageError extends Error {
  override name = 'RetryMessageError';
}

/** Thrown by processMessage or timerEvent to stop the plugin (it exits; `can_exit` decides the rest). */
export class PluginExitError extends Error {
  override name = 'PluginExitError';
}

/**
 * Heka's Restarting: a plugin that has it is built again (`create`, then `prepare`) when it stops
 * with an error at run time, waiting per `[name.retries]`; it releases what the stopped instance
 * holds (connections). Without it a stopped plugin stays stopped: hekad shuts down unless can_exit.
 */
export interface Restartable {
  cleanupForRestart?(): void | Promise<void>;
}

export interface Consumer extends Reporting, Restartable {
  /**
   * Called before the first message. A failure when hekad starts is fatal (`Output 'NAME' failed
   * to start: …`); after a restart it is retried per `[name.retries]`.
   */
  prepare?(context: ConsumerContext): void | Promise<void>;
  processMessage(pack: Pack, delivery: Delivery): void | Promise<void>;
  /**
   * True when the plugin may be handed the records of one read in a row, in one pack and message
   * that carry the next record's payload after each call (pipeline/record-run.ts): its
   * processMessage keeps nothing of a pack after it returns but a deferred delivery and the
   * payload bytes, and a promise it returns only asks the input to wait (it may be called again
   * before that settles; it neither rejects nor asks for a retry). Asked before each run.
   */
  takesRuns?(): boolean;
  /** Called every `ticker_interval` seconds with the time in ns; `final` for the last one, at shutdown. */
  timerEvent?(nowNs: bigint, final?: boolean): void | Promise<void>;
  /** Called once after the last message at shutdown: flush and close. */
  cleanUp?(): void | Promise<void>;
  /** SIGHUP (Heka's reload event): e.g. FileOutput reopens its file after logrotate moved it. */
  reload?(): void | Promise<void>;
}

export type Filter = Consumer;
export type Output = Consumer;

// ── Inputs ───────────────────────────────────────────────────────────────────────────────────

/** One stream of bytes of an input (a file's logstream, a connection, stdin). */
export interface InputStream {
  /**
   * Splits the bytes into records, decodes them and routes the messages. Returns a promise when
   * the pipeline is full: the input must wait for it before reading more (back-pressure).
   */
  push(chunk: Uint8Array): Promise<void> | undefined;
  /** The stream ended: delivers a final partial record if the splitter is told to, then waits for routing. */
  end(): Promise<void>;
  /**
   * The input stops reading before the end (shutdown): an unfinished record stays unread, for
   * the next run to read again from the checkpoint; waits for routing of what was complete.
   */
  stop(): Promise<void>;
  /**
   * A self-contained unit of the stream ended (a datagram): a partial record left in it is
   * delivered (deliver_incomplete_final) or dropped and counted, and the stream goes on.
   */
  endUnit(): Promise<void> | undefined;
  /** Bytes the splitter skipped as belonging to no record (garbage, corruption) so far. */
  readonly skippedBytes: number;
}

export interface StreamOptions {
  /** Distinguishes this stream's splitter and decoder instances (`<input>-<splitter>-<token>`). */
  token?: string;
  /** Stream offset of the first byte pushed (a resumed file position). */
  offset?: number;
  /**
   * Adds the input's own headers to each message made from a record (Heka's pack decorator):
   * the same for every record of one push (the records of one read may share one message).
   */
  decorate?: (message: Message) => void;
  /** Names the stream in log lines (a connection's remote address). */
  source?: string;
  /** HMAC keys from the input's own signer tables, added to the splitter's (see Splitter.acceptSigners). */
  signers?: ReadonlyMap<string, string>;
  /**
   * Called with the stream offset after the last record whose messages every consumer has
   * finished, in order: the position an input may checkpoint; `records`: how many records the
   * position moved past (a run of records is delivered at once).
   */
  onDelivered?: (offset: number, records: number) => void;
}

/** What the runner offers the input it drives. */
export interface InputContext {
  readonly name: string;
  log(text: string): void;
  error(text: string): void;
  /** A stream through the input's splitter and decoder to the router. */
  openStream(options?: StreamOptions): InputStream;
  /** Routes a message the input built itself; a promise means wait before the next (back-pressure). */
  deliver(message: Message): Promise<void> | undefined;
}

export interface Input extends Reporting, Restartable {
  /**
   * Reads until `signal` aborts (shutdown) or the input has nothing more to read (stdin at EOF,
   * a finished file), then returns after its streams have ended. Throwing reports a failure: a
   * Restartable input is built again per `[name.retries]` unless the error is a HekaError (a user
   * mistake, which a restart cannot fix); otherwise hekad stops unless `can_exit`.
   */
  run(context: InputContext, signal: AbortSignal): Promise<void>;
  /**
   * Called at shutdown after the outputs' final flushes, which deliver the last records: resolves
   * once the input's checkpoints (LogstreamerInput's journals) hold them, so a restart repeats nothing.
   */
  checkpointed?(): Promise<void>;
}
