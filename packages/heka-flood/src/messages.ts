// The messages heka-flood prepares before it starts sending (spec §6.3), framed once and resent
// verbatim: one fixed message (unsigned and signed), or 64 variable ones of each plus an
// oversized one, with the headers and fields Heka's heka-flood gives them.
import { randomFillSync } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { Field, FramingError, HekaError, Message, StreamEncoder, ValueType, encodeMessage, frameMessage, textFromBytes, type Signer } from '@heka/core';

export const VARIABLE_MESSAGES = 64;

export interface PreparedMessages {
  unsigned: Uint8Array[];
  signed: Uint8Array[];
  oversized: Uint8Array[];
}

export interface MessageOptions {
  variable: boolean;
  staticSize: number;
  asciiOnly: boolean;
  signer: Signer;
  maxMessageSize: number;
  hostname?: string;
  random?: () => number;
}

/** `size` random bytes; printable ASCII 32..125 with asciiOnly, as Heka maps them (b % 94 + 32). */
export function randomBytes(size: number, asciiOnly: boolean): Uint8Array {
  const bytes = randomFillSync(Buffer.allocUnsafe(size));
  if (asciiOnly) for (let i = 0; i < size; i++) bytes[i] = (bytes[i]! % 94) + 32;
  return bytes;
}

/** "hekabench: <host> - <random bytes>", kept as bytes (random bytes are rarely valid UTF-8). */
function payload(host: string, size: number, asciiOnly: boolean): Uint8Array {
  return Buffer.concat([Buffer.from(`hekabench: ${host} - `), randomBytes(size, asciiOnly)]);
}

function fixedMessage(o: Required<Omit<MessageOptions, 'random'>>): Message {
  return Message.create({
    type: 'hekabench', severity: 6, envVersion: '0.8', pid: process.pid, hostname: o.hostname,
    payload: textFromBytes(payload(o.hostname, o.staticSize, o.asciiOnly)),
  });
}

const pick = (random: () => number, n: number): number => Math.floor(random() * n);

function variableMessage(o: Required<Omit<MessageOptions, 'random'>>, random: () => number, oversized: boolean): Message {
  const extra = pick(random, 3) * 1024;
  const fields: Field[] = [];
  const add = (name: string, valueType: ValueType, value: Field['values'][number]): void => { fields.push(new Field({ name, valueType, values: [value] })); };
  for (let c = 0, n = pick(random, 5); c < n; c++) add(`string${c}`, ValueType.STRING, `value${c}`);
  for (let c = 0, n = pick(random, 5); c < n; c++) add(`bytes${c}`, ValueType.BYTES, new Uint8Array(8).fill(c));
  for (let c = 0, n = pick(random, 5); c < n; c++) add(`int${c}`, ValueType.INTEGER, BigInt(c));
  for (let c = 0, n = pick(random, 5); c < n; c++) add(`double${c}`, ValueType.DOUBLE, c);
  for (let c = 0, n = pick(random, 5); c < n; c++) add(`bool${c}`, ValueType.BOOL, true);
  add('filler', ValueType.BYTES, new Uint8Array(pick(random, 60) * 1024));
  return Message.create({
    type: 'hekabench', logger: 'flood', envVersion: '0.2', pid: process.pid, hostname: o.hostname,
    payload: textFromBytes(payload(o.hostname, (oversized ? o.maxMessageSize : 0) + extra, o.asciiOnly)),
    fields,
  });
}

/** Heka logged a message too big to frame and then sent empty records for it; here it is a config error. */
export function prepareMessages(options: MessageOptions): PreparedMessages {
  try {
    return prepare(options);
  } catch (e) {
    if (!(e instanceof FramingError)) throw e;
    throw new HekaError('HEKA_FLOOD_TOO_BIG', `cannot prepare the test messages: ${e.message}`, {
      hint: options.variable ? 'variable messages reach about 64 KiB: raise max_message_size (0 means 65536)' : 'lower static_message_size or raise max_message_size',
    });
  }
}

function prepare(options: MessageOptions): PreparedMessages {
  const random = options.random ?? Math.random;
  const o = { ...options, hostname: options.hostname ?? osHostname() };
  const unsignedEncoder = new StreamEncoder(undefined, o.maxMessageSize);
  const signedEncoder = new StreamEncoder(o.signer, o.maxMessageSize);
  if (!o.variable) {
    return { unsigned: [unsignedEncoder.encode(fixedMessage(o))], signed: [signedEncoder.encode(fixedMessage(o))], oversized: [] };
  }
  const make = (encoder: StreamEncoder): Uint8Array[] => Array.from({ length: VARIABLE_MESSAGES }, () => encoder.encode(variableMessage(o, random, false)));
  return {
    unsigned: make(unsignedEncoder),
    signed: make(signedEncoder),
    // Framed without the size check: it is meant to be refused by the receiver.
    oversized: [frameMessage(encodeMessage(variableMessage(o, random, true)), undefined, Infinity)],
  };
}
