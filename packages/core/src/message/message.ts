import { Field, type FieldValue } from './field.js';
import { newUuid, uuidToString } from './uuid.js';
import { nowNs } from './time.js';
import { decodeFieldList } from './decode-field.js';
import { textFromBytes, textToBytes, textToString, type Text } from './utf8.js';

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

/**
 * A Heka message. Optional header fields remember whether they were set (an unset field is not
 * written by the encoder, as Heka does); their getters return Heka's defaults ("" / 7 / 0).
 * Text read from bytes stays bytes when it is not valid UTF-8, so it is written back unchanged.
 *
 * A decoded message is lazy (see codec.ts): header texts hold views of the wire bytes until read
 * as strings, and the fields stay wire bytes until `fields` (or a helper using it) is first read.
 */
export class Message {
  uuid: Uint8Array;
  timestamp: bigint;
  _type: Text | undefined;
  _logger: Text | undefined;
  _severity: number | undefined;
  _payload: Text | undefined;
  _envVersion: Text | undefined;
  _pid: number | undefined;
  _hostname: Text | undefined;
  /** The fields, or undefined while they are still the wire bytes in `_fieldsWire`. */
  _fields: Field[] | undefined;
  /** Encoded `fields` entries (tag, length, Field) not decoded yet; written back as they are. */
  _fieldsWire: Uint8Array | undefined;
  /** Top-level fields this model does not know, as read (tag included); written back last. */
  _unknown: Uint8Array[] | undefined;

  constructor(init: MessageInit = {}) {
    this.uuid = init.uuid ?? NO_BYTES;
    this.timestamp = init.timestamp ?? 0n;
    this._type = init.type;
    this._logger = init.logger;
    this._severity = init.severity;
    this._payload = init.payload;
    this._envVersion = init.envVersion;
    this._pid = init.pid;
    this._hostname = init.hostname;
    this._fields = init.fields ?? [];
    this._fieldsWire = undefined;
    this._unknown = undefined;
  }

  /** A message stamped as Heka stamps new ones: random uuid, timestamp now. */
  static create(init: MessageInit = {}): Message {
    return new Message({ uuid: newUuid(), timestamp: nowNs(), ...init });
  }

  get uuidString(): string { return uuidToString(this.uuid); }

  get type(): string {
    const t = this._type;
    if (typeof t === 'string') return t;
    return t === undefined ? '' : textToString((this._type = textFromBytes(t)));
  }
  set type(v: Text) { this._type = v; }
  get logger(): string {
    const t = this._logger;
    if (typeof t === 'string') return t;
    return t === undefined ? '' : textToString((this._logger = textFromBytes(t)));
  }
  set logger(v: Text) { this._logger = v; }
  get payload(): string {
    const t = this._payload;
    if (typeof t === 'string') return t;
    return t === undefined ? '' : textToString((this._payload = textFromBytes(t)));
  }
  set payload(v: Text) { this._payload = v; }
  get envVersion(): string {
    const t = this._envVersion;
    if (typeof t === 'string') return t;
    return t === undefined ? '' : textToString((this._envVersion = textFromBytes(t)));
  }
  set envVersion(v: Text) { this._envVersion = v; }
  get hostname(): string {
    const t = this._hostname;
    if (typeof t === 'string') return t;
    return t === undefined ? '' : textToString((this._hostname = textFromBytes(t)));
  }
  set hostname(v: Text) { this._hostname = v; }
  get severity(): number { return this._severity ?? DEFAULT_SEVERITY; }
  set severity(v: number) { this._severity = v; }
  get pid(): number { return this._pid ?? 0; }
  set pid(v: number) { this._pid = v; }

  /** The payload's exact bytes (not re-encoded when it came from bytes). */
  get payloadBytes(): Uint8Array { return this._payload === undefined ? NO_BYTES : textToBytes(this._payload); }

  /** The dynamic fields, in order; names may repeat. A decoded message decodes them on first use. */
  get fields(): Field[] { return this._fields ?? this.loadFields(); }
  set fields(v: Field[]) {
    this._fields = v;
    this._fieldsWire = undefined;
  }

  private loadFields(): Field[] {
    const fields = decodeFieldList(this._fieldsWire ?? NO_BYTES);
    this._fields = fields;
    this._fieldsWire = undefined;
    return fields;
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
