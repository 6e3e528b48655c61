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
const NO_INIT: MessageInit = {};

/** A header text as a string: bytes that are valid UTF-8 become (and stay) a string. */
function settle(text: Text): Text {
  return typeof text === 'string' ? text : textFromBytes(text);
}

/**
 * A Heka message. Optional header fields remember whether they were set (an unset field is not
 * written by the encoder, as Heka does); their getters return Heka's defaults ("" / 7 / 0).
 * Text read from bytes stays bytes when it is not valid UTF-8, so it is written back unchanged.
 *
 * A decoded message is lazy (see decode.ts): it keeps the wire bytes, and a header field whose
 * `…At` offset is >= 0 is still there (the offset is its length prefix) until first read; the
 * fields stay wire bytes (`_fieldsAt` to `_fieldsEnd`) until `fields` is first read.
 */
export class Message {
  _severity: number | undefined;
  _pid: number | undefined;
  /** The fields, or undefined while they are still wire bytes (or none were given: made on first use). */
  _fields: Field[] | undefined;
  /** Top-level fields this model does not know, as read (tag included); written back last. */
  _unknown: Uint8Array[] | undefined;
  /** The bytes this message was decoded from (empty for a built message). */
  _wire: Uint8Array = NO_BYTES;
  _uuidAt = -1;
  _typeAt = -1;
  _loggerAt = -1;
  _payloadAt = -1;
  _envVersionAt = -1;
  _hostnameAt = -1;
  _fieldsAt = -1;
  _fieldsEnd = -1;
  #uuid: Uint8Array;
  #timestamp: bigint;
  // Message.create notes the time as numbers (wall-clock ms, then ns within it) and the uuid as
  // owed; both become objects only when read: most log lines never have them read before they
  // are written out as payloads. (A BigInt and a uuid view per message showed in profiles.)
  #stampOwed = false;
  #stampMs = 0; // ms since MS_BASE
  #stampSubNs = 0;
  #uuidOwed = false;
  #type: Text | undefined;
  #logger: Text | undefined;
  #payload: Text | undefined;
  #envVersion: Text | undefined;
  #hostname: Text | undefined;

  constructor(init: MessageInit = NO_INIT) {
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

  /** A message stamped as Heka stamps new ones: random uuid, timestamp now. */
  static create(init: MessageInit = NO_INIT): Message {
    // Not `{ uuid, timestamp, ...init }`: an object spread per message shows in profiles.
    const message = new Message(init);
    if (!('uuid' in init)) message.#uuidOwed = true;
    if (!('timestamp' in init)) {
      const ms = stampMsNow();
      const whole = Math.floor(ms);
      message.#stampOwed = true;
      message.#stampMs = whole;
      message.#stampSubNs = Math.floor((ms - whole) * 1_000_000);
    }
    return message;
  }

  get timestamp(): bigint {
    if (this.#stampOwed) {
      this.#timestamp = stampNs(this.#stampMs + MS_BASE, this.#stampSubNs);
      this.#stampOwed = false;
    }
    return this.#timestamp;
  }
  set timestamp(v: bigint) {
    this.#timestamp = v;
    this.#stampOwed = false;
  }

  get uuid(): Uint8Array {
    if (this._uuidAt >= 0) {
      this.#uuid = lengthDelimitedAt(this._wire, this._uuidAt);
      this._uuidAt = -1;
    } else if (this.#uuidOwed) {
      this.#uuid = newUuid();
      this.#uuidOwed = false;
    }
    return this.#uuid;
  }
  set uuid(v: Uint8Array) {
    this.#uuid = v;
    this._uuidAt = -1;
    this.#uuidOwed = false;
  }

  get uuidString(): string { return uuidToString(this.uuid); }

  // Each header text has the raw accessor (`_type`: Text or undefined when unset, as stored)
  // and the string one (`type`: "" when unset), which keeps the string it made.
  get _type(): Text | undefined {
    if (this._typeAt >= 0) {
      this.#type = lengthDelimitedAt(this._wire, this._typeAt);
      this._typeAt = -1;
    }
    return this.#type;
  }
  set _type(v: Text | undefined) {
    this.#type = v;
    this._typeAt = -1;
  }
  get type(): string {
    const t = this._type;
    return t === undefined ? '' : textToString((this.#type = settle(t)));
  }
  set type(v: Text) { this._type = v; }

  get _logger(): Text | undefined {
    if (this._loggerAt >= 0) {
      this.#logger = lengthDelimitedAt(this._wire, this._loggerAt);
      this._loggerAt = -1;
    }
    return this.#logger;
  }
  set _logger(v: Text | undefined) {
    this.#logger = v;
    this._loggerAt = -1;
  }
  get logger(): string {
    const t = this._logger;
    return t === undefined ? '' : textToString((this.#logger = settle(t)));
  }
  set logger(v: Text) { this._logger = v; }

  get _payload(): Text | undefined {
    if (this._payloadAt >= 0) {
      this.#payload = lengthDelimitedAt(this._wire, this._payloadAt);
      this._payloadAt = -1;
    }
    return this.#payload;
  }
  set _payload(v: Text | undefined) {
    this.#payload = v;
    this._payloadAt = -1;
  }
  get payload(): string {
    const t = this._payload;
    return t === undefined ? '' : textToString((this.#payload = settle(t)));
  }
  set payload(v: Text) { this._payload = v; }

  get _envVersion(): Text | undefined {
    if (this._envVersionAt >= 0) {
      this.#envVersion = lengthDelimitedAt(this._wire, this._envVersionAt);
      this._envVersionAt = -1;
    }
    return this.#envVersion;
  }
  set _envVersion(v: Text | undefined) {
    this.#envVersion = v;
    this._envVersionAt = -1;
  }
  get envVersion(): string {
    const t = this._envVersion;
    return t === undefined ? '' : textToString((this.#envVersion = settle(t)));
  }
  set envVersion(v: Text) { this._envVersion = v; }

  get _hostname(): Text | undefined {
    if (this._hostnameAt >= 0) {
      this.#hostname = lengthDelimitedAt(this._wire, this._hostnameAt);
      this._hostnameAt = -1;
    }
    return this.#hostname;
  }
  set _hostname(v: Text | undefined) {
    this.#hostname = v;
    this._hostnameAt = -1;
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
      this._fields = decodeFieldList(this._wire, this._fieldsAt, this._fieldsEnd);
      this._fieldsAt = -1;
    }
    return this._fields;
  }
  set fields(v: Field[]) {
    this._fields = v;
    this._fieldsAt = -1;
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
