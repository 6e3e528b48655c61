// Heka's MessageTemplate: `message_fields` entries that set headers or add STRING fields, shared
// by PayloadRegexDecoder (values interpolate the regex captures) and ScribbleDecoder (literal).
import { Field, uuidFromString, type Message } from '@heka/core';

type Setter = (message: Message, value: string) => void;

interface Entry {
  readonly key: string;
  readonly template: string;
  readonly set: Setter;
}

/** Go's strconv.ParseInt(s, 10, 32), with its error wording. */
export function parseInt32(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  if (n < -2147483648 || n > 2147483647) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
  return n;
}

function setUuid(message: Message, value: string): void {
  const raw = Buffer.from(value, 'utf8');
  if (raw.length === 16) {
    message.uuid = new Uint8Array(raw);
    return;
  }
  // Heka accepts the RFC 4122 text form only (8-4-4-4-12, optionally urn:uuid:).
  const text = value.startsWith('urn:uuid:') ? value.slice(9) : value;
  const uuid = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text) ? uuidFromString(text) : undefined;
  if (uuid === undefined) throw new Error('Invalid UUID string.');
  message.uuid = uuid;
}

const HEADERS: Readonly<Record<string, Setter>> = {
  Type: (m, v) => { m.type = v; },
  Logger: (m, v) => { m.logger = v; },
  Payload: (m, v) => { m.payload = v; },
  Hostname: (m, v) => { m.hostname = v; },
  // Heka keeps the part before the first "." (a pid captured as "123.0").
  Pid: (m, v) => { m.pid = parseInt32(v.split('.')[0]!); },
  Severity: (m, v) => { m.severity = parseInt32(v); },
  Uuid: setUuid,
};

function fieldSetter(key: string): Setter {
  const bar = key.indexOf('|');
  const name = bar < 0 ? key : key.slice(0, bar);
  const representation = bar < 0 ? '' : key.slice(bar + 1);
  return (m, v) => { m.fields.push(Field.of(name, v, representation)); };
}

// Heka's `%\w+%`: \w is ASCII in Go.
const VARIABLE = /%([0-9A-Za-z_]+)%/g;

/** `%Name%` replaced by the capture of that name; an unknown name becomes `<Name>`. */
export function interpolate(template: string, subs: ReadonlyMap<string, string>): string {
  if (!template.includes('%')) return template;
  return template.replace(VARIABLE, (_all, name: string) => subs.get(name) ?? `<${name}>`);
}

export class MessageTemplate {
  private readonly entries: readonly Entry[];

  /**
   * A key that is exactly a header name sets that header; any other key adds a STRING field,
   * `name|representation` giving its representation (so `Payload|json` is a field).
   */
  constructor(fields: Readonly<Record<string, string>>) {
    this.entries = Object.entries(fields).map(([key, template]) => ({ key, template, set: HEADERS[key] ?? fieldSetter(key) }));
  }

  get size(): number { return this.entries.length; }

  /**
   * Applies the entries in the order they were written (Heka's map order is random). Throws on a
   * Pid, Severity or Uuid value Heka refuses; entries before it have been applied, as in Heka.
   */
  populate(message: Message, subs?: ReadonlyMap<string, string>): void {
    for (const { key, template, set } of this.entries) {
      const value = subs === undefined ? template : interpolate(template, subs);
      try {
        set(message, value);
      } catch (e) {
        throw new Error(`message_fields ${key}: ${(e as Error).message}`);
      }
    }
  }
}
