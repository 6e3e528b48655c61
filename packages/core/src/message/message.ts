import { Field, type FieldValue } from './field.js';
import { newUuid, uuidToString } from './uuid.js';
import { nowNs } from './time.js';
import { textToBytes, textToString, type Text } from './utf8.js';

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

/**
 * A Heka message. Optional header fields remember whether they were set (an unset field is not
 * written by the encoder, as Heka does); their getters return Heka's defaults ("" / 7 / 0).
 * Text read from bytes stays bytes when it is not valid UTF-8, so it is written back unchanged.
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
  _fields: Field[];

  constructor(init: MessageInit = {}) {
    this.uuid = init.uuid ?? new Uint8Array(0);
    this.timestamp = init.timestamp ?? 0n;
    this._type = init.type;
    this._logger = init.logger;
    this._severity = init.severity;
    this._payload = init.payload;
    this._envVersion = init.envVersion;
    this._pid = init.pid;
    this._hostname = init.hostname;
    this._fields = init.fields ?? [];
  }

  /** A message stamped as Heka stamps new ones: random uuid, timestamp now. */
  static create(init: MessageInit = {}): Message {
    return new Message({ uuid: newUuid(), timestamp: nowNs(), ...init });
  }

  get uuidString(): string { return uuidToString(this.uuid); }

  get type(): string { return this._type === undefined ? '' : textToString(this._type); }
  set type(v: Text) { this._type = v; }
  get logger(): string { return this._logger === undefined ? '' : textToString(this._logger); }
  set logger(v: Text) { this._logger = v; }
  get payload(): string { return this._payload === undefined ? '' : textToString(this._payload); }
  set payload(v: Text) { this._payload = v; }
  get envVersion(): string { return this._envVersion === undefined ? '' : textToString(this._envVersion); }
  set envVersion(v: Text) { this._envVersion = v; }
  get hostname(): string { return this._hostname === undefined ? '' : textToString(this._hostname); }
  set hostname(v: Text) { this._hostname = v; }
  get severity(): number { return this._severity ?? DEFAULT_SEVERITY; }
  set severity(v: number) { this._severity = v; }
  get pid(): number { return this._pid ?? 0; }
  set pid(v: number) { this._pid = v; }

  /** The payload's exact bytes (not re-encoded when it came from bytes). */
  get payloadBytes(): Uint8Array { return this._payload === undefined ? new Uint8Array(0) : textToBytes(this._payload); }

  /** The dynamic fields, in order; names may repeat. */
  get fields(): Field[] { return this._fields; }
  set fields(v: Field[]) { this._fields = v; }

  /** The first field called `name`, or undefined. */
  field(name: string): Field | undefined {
    for (const f of this._fields) if (f.name === name) return f;
    return undefined;
  }

  /** Every field called `name`, in order. */
  fieldsNamed(name: string): Field[] {
    return this._fields.filter((f) => f.name === name);
  }

  /** Value `i` of the first field called `name`. */
  fieldValue(name: string, i = 0): FieldValue | undefined {
    return this.field(name)?.value(i);
  }

  /** Adds a field (type from the JS type, see Field.of) and returns it. */
  addField(name: string, value: FieldValue, representation = ''): Field {
    const f = Field.of(name, value, representation);
    this._fields.push(f);
    return f;
  }
}
