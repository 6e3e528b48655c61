// What the pipeline expects from each plugin family's running instance. A plugin's declaration
// builds one with `create(config, common, context)`; the runners drive it.

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
export interface SplitterReport {
  readonly kind: 'message-too-large';
  /** The message_length the refused header announced. */
  readonly length: number;
  readonly message: string;
}

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
}
