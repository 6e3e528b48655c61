import { Field, type FieldValue } from './field.js';
import { newUuid, uuidToString } from './uuid.js';
import { MS_BASE, stampMsNow, stampNs } from './time.js';
import { decodeFieldList } from './decode-field.js';
import { textFromBytes, textToBytes, textToString, type Text } from './utf8.js';
import { lengthDelimitedAt } from './wire.js';

export const DEFAULT_SEVERITY = 7;

export interface MessageInit {
  uuid?: Uint8Array;
  timestamp?: bigint;
  type?: Text;
  logger?: Text;
  severity?: number;
  payload?: Text;
  envVersion?: Text;
  pid?: number;
  hostname?: Text;
  fields?: Field[];
}

const NO_BYTES = new Uint8Array(0);

/** Takes bytes where they lie, `source[start, end)`, instead of as a view of them. */
export interface ByteRangeSink {
  addRange(source: Uint8Array, start: number, end: number): void;
}
const NO_INIT: MessageInit = {};

/** A header text as a string: bytes that are valid UTF-8 become (and stay) a string. */
function settle(text: Text): Text {
  return typeof text === 'string' ? text : textFromBytes(text);
}

/**
 * Where a decoded message's header fields and fields lie in its wire bytes (decode.ts). An
 * offset >= 0 is the field's length prefix: the field is still only there until first read.
 * Only decoded messages have one, so messages made from log lines carry none of these slots.
 */
export class WireHeaders {
  uuidAt = -1;
  typeAt = -1;
  loggerAt = -1;
  payloadAt = -1;
  envVersionAt = -1;
  hostnameAt = -1;
  fieldsAt = -1;
  fieldsEnd = -1;
  constructor(readonly wire: Uint8Array) {}
}

// `#uuid` holding this one means "owed": a random uuid is made when first read.
const UUID_OWED = new Uint8Array(0);

/**
 * A Heka message. Optional header fields remember whether they were set (an unset field is not
 * written by the encoder, as Heka does); their getters return Heka's defaults ("" / 7 / 0).
 * Text read from bytes stays bytes when it is not valid UTF-8, so it is written back unchanged.
 *
 * A decoded message is lazy (see decode.ts): `_wire` holds its bytes and where each field lies;
 * a header field still there is read on first use; the fields stay wire bytes until `fields`
 * is first read.
 */
export class Message {
  _severity: number | undefined;
  _pid: number | undefined;
  /** The fields, or undefined while they are still wire bytes (or none were given: made on first use). */
  _fields: Field[] | undefined;
  /** Top-level fields this model does not know, as read (tag included); written back last. */
  _unknown: Uint8Array[] | undefined;
  /** The bytes this message was decoded from and the fields' places in them (undefined for a built message). */
  _wire: WireHeaders | undefined;
  #uuid: Uint8Array;
  // Message.create notes the time as numbers (wall-clock ms since MS_BASE, then ns within it) and
  // the uuid as owed (UUID_OWED); both become objects only when read: most log lines never have
  // them read before they are written out as payloads. `#timestamp` is undefined while owed.
  // (A BigInt and a uuid view per message showed in profiles; so did a message's 24 slots.)
  #timestamp: bigint | undefined;
  #stampMs = 0;
  #stampSubNs = 0;
  #type: Text | undefined;
  #logger: Text | undefined;
  #payload: Text | undefined;
  // A payload that lies in a larger array (a read chunk) is kept as that array (#payload) and
  // its range until someone needs it as a view: log line payloads are mostly only written out,
  // and a view per line cost ~95 bytes. #payloadStart is -1 when #payload is the payload itself.
  #payloadStart = -1;
  #payloadEnd = 0;
  #envVersion: Text | undefined;
  #hostname: Text | undefined;

  constructor(init: MessageInit = NO_INIT) {
    this._wire = undefined;
    this.#uuid = init.uuid ?? NO_BYTES;
    this.#timestamp = init.timestamp ?? 0n;
    this.#type = init.type;
    this.#logger = init.logger;
    this._severity = init.severity;
    this.#payload = init.payload;
    this.#envVersion = init.envVersion;
    this._pid = init.pid;
    this.#hostname = init.hostname;
    // No fields given: the (empty) array is made when first asked for, as for a decoded message.
    this._fields = init.fields;
    this._unknown = undefined;
  }

  /**
   * A message stamped as Heka stamps new ones: random uuid, timestamp now (or at `stampMs`, a
   * stampMsNow() reading taken earlier: the records of one read share the moment it arrived).
   */
  static create(init: MessageInit = NO_INIT, stampMs?: number): Message {
    // Not `{ uuid, timestamp, ...init }`: an object spread per message shows in profiles.
    const message = new Message(init);
    if (!('uuid' in init)) message.#uuid = UUID_OWED;
    if (!('timestamp' in init)) message.#stampAt(stampMs ?? stampMsNow());
    return message;
  }

  /**
   * Makes this message what `Message.create()` makes, for a pool of messages (an input's packs
   * are used again once delivered, as in Heka). Whoever still held it would see it change.
   */
  renew(stampMs: number = stampMsNow()): void {
    const whole = Math.floor(stampMs);
    this.renewAt(whole, Math.floor((stampMs - whole) * 1_000_000));
  }

  /**
   * renew() at a time already split into whole ms (since MS_BASE) and the ns within them
   * (`Math.floor(ms)` and `Math.floor((ms - whole) * 1e6)`): two small integers. A fractional ms passed to renew() per message is a number
   * boxed on the heap per call (~30 bytes a log line in heap profiles).
   */
  renewAt(wholeMs: number, subNs: number): void {
    this._severity = undefined;
    this._pid = undefined;
    this._fields = undefined;
    this._unknown = undefined;
    this._wire = undefined;
    this.#uuid = UUID_OWED;
    this.#type = undefined;
    this.#logger = undefined;
    this.#payload = undefined;
    this.#payloadStart = -1;
    this.#envVersion = undefined;
    this.#hostname = undefined;
    this.#timestamp = undefined;
    this.#stampMs = wholeMs;
    this.#stampSubNs = subNs;
  }

  /** Makes this message what `new Message()` makes (to decode into it again; see decodeMessage). */
  clear(): void {
    this.renew(0);
    this.#uuid = NO_BYTES;
    this.#timestamp = 0n;
  }

  #stampAt(ms: number): void {
    const whole = Math.floor(ms);
    this.#timestamp = undefined;
    this.#stampMs = whole;
    this.#stampSubNs = Math.floor((ms - whole) * 1_000_000);
  }

  // A created message handed to another thread (a decoder worker) without encoding it: what is
  // still owed there (uuid, timestamp) is owed the same way in the copy, so nothing is made
  // that no one reads. MS_BASE differs per thread, hence wall-clock ms since the epoch.

  /** Whether the uuid is still owed (a random one made when first read). */
  get uuidOwed(): boolean {
    return this.#uuid === UUID_OWED;
  }

  /** While the timestamp is owed: its whole wall-clock ms since the epoch (else -1); see owedStampSubNs. */
  get owedStampEpochMs(): number {
    return this.#timestamp === undefined ? this.#stampMs + MS_BASE : -1;
  }

  /** The ns within owedStampEpochMs. */
  get owedStampSubNs(): number {
    return this.#stampSubNs;
  }

  /** Owes the uuid and the timestamp read from another message's uuidOwed / owedStamp*, as they were there. */
  oweAs(epochMs: number, subNs: number): void {
    if (this._wire !== undefined) this._wire.uuidAt = -1;
    this.#uuid = UUID_OWED;
    this.#timestamp = undefined;
    this.#stampMs = epochMs - MS_BASE;
    this.#stampSubNs = subNs;
  }

  get timestamp(): bigint {
    return (this.#timestamp ??= stampNs(this.#stampMs + MS_BASE, this.#stampSubNs));
  }
  set timestamp(v: bigint) {
    this.#timestamp = v;
  }

  get uuid(): Uint8Array {
    const lazy = this._wire;
    if (lazy !== undefined && lazy.uuidAt >= 0) {
      this.#uuid = lengthDelimitedAt(lazy.wire, lazy.uuidAt);
      lazy.uuidAt = -1;
    } else if (this.#uuid === UUID_OWED) this.#uuid = newUuid();
    return this.#uuid;
  }
  set uuid(v: Uint8Array) {
    this.#uuid = v;
    if (this._wire !== undefined) this._wire.uuidAt = -1;
  }

  get uuidString(): string { return uuidToString(this.uuid); }

  // Each header text has the raw accessor (`_type`: Text or undefined when unset, as stored)
  // and the string one (`type`: "" when unset), which keeps the string it made.
  get _type(): Text | undefined {
    const lazy = this._wire;
    if (lazy !== undefined && lazy.typeAt >= 0) {
      this.#type = lengthDelimitedAt(lazy.wire, lazy.typeAt);
      lazy.typeAt = -1;
    }
    return this.#type;
  }
  set _type(v: Text | undefined) {
    this.#type = v;
    if (this._wire !== undefined) this._wire.typeAt = -1;
  }
  get type(): string {
    const t = this._type;
    return t === undefined ? '' : textToString((this.#type = settle(t)));
  }
  set type(v: Text) { this._type = v; }

  get _logger(): Text | undefined {
    const lazy = this._wire;
    if (lazy !== undefined && lazy.loggerAt >= 0) {
      this.#logger = lengthDelimitedAt(lazy.wire, lazy.loggerAt);
      lazy.loggerAt = -1;
    }
    return this.#logger;
  }
  set _logger(v: Text | undefined) {
    this.#logger = v;
    if (this._wire !== undefined) this._wire.loggerAt = -1;
  }
  get logger(): string {
    const t = this._logger;
    return t === undefined ? '' : textToString((this.#logger = settle(t)));
  }
  set logger(v: Text) { this._logger = v; }

  get _payload(): Text | undefined {
    const lazy = this._wire;
    if (lazy !== undefined && lazy.payloadAt >= 0) {
      this.#payload = lengthDelimitedAt(lazy.wire, lazy.payloadAt);
      lazy.payloadAt = -1;
    } else if (this.#payloadStart >= 0) {
      const source = this.#payload as Uint8Array;
      this.#payload = new Uint8Array(source.buffer, source.byteOffset + this.#payloadStart, this.#payloadEnd - this.#payloadStart);
      this.#payloadStart = -1;
    }
    return this.#payload;
  }
  set _payload(v: Text | undefined) {
    this.#payload = v;
    this.#payloadStart = -1;
    if (this._wire !== undefined) this._wire.payloadAt = -1;
  }

  /** Sets the payload to the bytes source[start, end) (kept, not copied: they must not change). */
  setPayloadIn(source: Uint8Array, start: number, end: number): void {
    this._payload = source;
    this.#payloadStart = start;
    this.#payloadEnd = end;
  }

  /**
   * The message of the next record of one read (a pipeline's run of records): headers and
   * timestamp stay, the payload becomes source[start, end) and the uuid is owed anew.
   */
  nextRecordIn(source: Uint8Array, start: number, end: number): void {
    this.#uuid = UUID_OWED;
    this.setPayloadIn(source, start, end);
  }

  /** Hands the payload's exact bytes to `sink` where they lie (no view made when they lie in a larger array). */
  payloadTo(sink: ByteRangeSink): void {
    if (this.#payloadStart >= 0) sink.addRange(this.#payload as Uint8Array, this.#payloadStart, this.#payloadEnd);
    else {
      const bytes = this.payloadBytes;
      sink.addRange(bytes, 0, bytes.length);
    }
  }
  get payload(): string {
    const t = this._payload;
    return t === undefined ? '' : textToString((this.#payload = settle(t)));
  }
  set payload(v: Text) { this._payload = v; }

  get _envVersion(): Text | undefined {
    const lazy = this._wire;
    if (lazy !== undefined && lazy.envVersionAt >= 0) {
      this.#envVersion = lengthDelimitedAt(lazy.wire, lazy.envVersionAt);
      lazy.envVersionAt = -1;
    }
    return this.#envVersion;
  }
  set _envVersion(v: Text | undefined) {
    this.#envVersion = v;
    if (this._wire !== undefined) this._wire.envVersionAt = -1;
  }
  get envVersion(): string {
    const t = this._envVersion;
    return t === undefined ? '' : textToString((this.#envVersion = settle(t)));
  }
  set envVersion(v: Text) { this._envVersion = v; }

  get _hostname(): Text | undefined {
    const lazy = this._wire;
    if (lazy !== undefined && lazy.hostnameAt >= 0) {
      this.#hostname = lengthDelimitedAt(lazy.wire, lazy.hostnameAt);
      lazy.hostnameAt = -1;
    }
    return this.#hostname;
  }
  set _hostname(v: Text | undefined) {
    this.#hostname = v;
    if (this._wire !== undefined) this._wire.hostnameAt = -1;
  }
  get hostname(): string {
    const t = this._hostname;
    return t === undefined ? '' : textToString((this.#hostname = settle(t)));
  }
  set hostname(v: Text) { this._hostname = v; }

  get severity(): number { return this._severity ?? DEFAULT_SEVERITY; }
  set severity(v: number) { this._severity = v; }
  get pid(): number { return this._pid ?? 0; }
  set pid(v: number) { this._pid = v; }

  /** The payload's exact bytes (not re-encoded when it came from bytes). */
  get payloadBytes(): Uint8Array {
    const p = this._payload;
    return p === undefined ? NO_BYTES : textToBytes(p);
  }

  /** The dynamic fields, in order; names may repeat. A decoded message decodes them on first use. */
  get fields(): Field[] {
    if (this._fields === undefined) {
      const lazy = this._wire;
      this._fields = lazy === undefined ? [] : decodeFieldList(lazy.wire, lazy.fieldsAt, lazy.fieldsEnd);
      if (lazy !== undefined) lazy.fieldsAt = lazy.fieldsEnd = -1;
    }
    return this._fields;
  }
  set fields(v: Field[]) {
    this._fields = v;
    if (this._wire !== undefined) this._wire.fieldsAt = this._wire.fieldsEnd = -1;
  }

  /** The first field called `name`, or undefined. */
  field(name: string): Field | undefined {
    for (const f of this.fields) if (f.name === name) return f;
    return undefined;
  }

  /** Every field called `name`, in order. */
  fieldsNamed(name: string): Field[] {
    return this.fields.filter((f) => f.name === name);
  }

  /** Value `i` of the first field called `name`. */
  fieldValue(name: string, i = 0): FieldValue | undefined {
    return this.field(name)?.value(i);
  }

  /** Adds a field (type from the JS type, see Field.of) and returns it. */
  addField(name: string, value: FieldValue, representation = ''): Field {
    const f = Field.of(name, value, representation);
    this.fields.push(f);
    return f;
  }
}
