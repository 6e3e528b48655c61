// What the core does for decoders only. processPayload: the record handed over as its payload;
// the whole record is asked for only when the script reads more than read_message("Payload"),
// and then reads as Heka's. inherit: the record's headers merged by the core into messages the
// script injects from a table, where the table left them out, in field-number order.
import { decodeMessage, encodeMessage, Field, Message, ValueType } from '@heka/core';
import type { LuaSandbox } from './lua-sandbox.js';
import { createSandbox, destroyCreated } from '../lua/lua-harness.js';

afterEach(destroyCreated);
const decoder = (source: string): LuaSandbox => createSandbox({ source, filename: 'test.lua', kind: 'decoder' });

const record = new Message({
  uuid: new Uint8Array(16).fill(9), timestamp: 1447114573123456789n, type: 'logfile', logger: 'input', severity: 6,
  payload: 'the payload', pid: 42, hostname: 'box',
  fields: [new Field({ name: 'n', valueType: ValueType.INTEGER, values: [7n] }), new Field({ name: 's', valueType: ValueType.STRING, values: ['x'] })],
});
const bytes = encodeMessage(record);
const payload = () => record.payloadBytes;

/** The payload the script injected, and how many times the record was asked for. */
function run(sb: LuaSandbox, asPayload: boolean): { injected: string; fetched: number; status: number } {
  let fetched = 0;
  const r = asPayload ? sb.processPayload(payload(), () => (fetched++, bytes)) : sb.processMessage(bytes);
  return { injected: r.injected.map((m) => decodeMessage(m).payload).join('|'), fetched, status: r.status };
}

test('reading the payload alone never asks for the record', () => {
  const sb = decoder(`function process_message() inject_message({Payload = read_message('Payload') .. '!'}) return 0 end`);
  for (let i = 0; i < 3; i++) expect(run(sb, true)).toEqual({ injected: 'the payload!', fetched: 0, status: 0 });
});

test('every other read gets the whole record, fetched once per call, as processMessage reads it', () => {
  const reads = `
    local t = {read_message('Payload'), read_message('Type'), read_message('Logger'), tostring(read_message('Severity')),
      tostring(read_message('Pid')), read_message('Hostname'), tostring(read_message('Timestamp')), read_message('Uuid'),
      tostring(read_message('Fields[n]')), read_message('Fields[s]'), tostring(#read_message('raw')), read_message('Payload')}
    local typ, name, value = read_next_field()
    t[#t + 1] = name .. '=' .. tostring(value)`;
  const sb = decoder(`require 'table'\nfunction process_message() ${reads} inject_message({Payload = table.concat(t, ',')}) return 0 end`);
  const full = run(sb, false);
  expect(full.injected).toBe(`the payload,logfile,input,6,42,box,1.4471145731235e+18,09090909-0909-0909-0909-090909090909,7,x,${bytes.length},the payload,n=7`);
  expect(run(sb, true)).toEqual({ ...full, fetched: 1 });
  expect(run(sb, true)).toEqual({ ...full, fetched: 1 }); // and again for the next record
});

test('write_message edits the fetched record', () => {
  const sb = decoder(`function process_message() write_message('Type', 'edited') return 0 end`);
  let fetched = 0;
  const r = sb.processPayload(payload(), () => (fetched++, bytes));
  expect(fetched).toBe(1);
  expect(decodeMessage(r.message!).type).toBe('edited');
  expect(decodeMessage(r.message!).payload).toBe('the payload');
});

test('an empty payload reads as an empty string', () => {
  const sb = decoder(`function process_message() inject_message({Payload = '[' .. read_message('Payload') .. ']'}) return 0 end`);
  let fetched = 0;
  const r = sb.processPayload(new Uint8Array(0), () => (fetched++, bytes));
  expect(r.injected.map((m) => decodeMessage(m).payload)).toEqual(['[]']);
  expect(fetched).toBe(0);
});

test('a record fetched into a bigger buffer does not leave processMessage writing to the old one', () => {
  const sb = decoder(`function process_message() inject_message({Payload = read_message('Logger') .. ':' .. #read_message('Payload')}) return 0 end`);
  const big = encodeMessage(new Message({ logger: 'big', payload: 'x'.repeat(20_000) }));
  const small = (logger: string) => encodeMessage(new Message({ logger, payload: 'abc' }));
  const payloads = (r: { injected: Uint8Array[] }) => r.injected.map((m) => decodeMessage(m).payload);
  expect(payloads(sb.processMessage(small('one')))).toEqual(['one:3']);
  expect(payloads(sb.processPayload(new Uint8Array(20_000), () => big))).toEqual(['big:20000']);
  expect(payloads(sb.processMessage(small('two')))).toEqual(['two:3']);
});

const headers = (init: ConstructorParameters<typeof Message>[0]) => encodeMessage(new Message(init)).slice();
const plainRecord = encodeMessage(new Message({ type: 'logfile', payload: 'p' }));
const RECORD_HEADERS = { type: 'input.type', logger: 'input', severity: 3, pid: 77, hostname: 'box' };

/** The injected messages' headers, and whether their bytes are laid out as encodeMessage writes them. */
function injected(sb: LuaSandbox): { type: string; logger: string; severity: number; pid: number; hostname: string; payload: string; canonical: boolean }[] {
  return sb.processMessage(plainRecord).injected.map((bytes) => {
    const m = decodeMessage(bytes);
    const again = decodeMessage(bytes);
    return { type: m.type, logger: m.logger, severity: m.severity, pid: m.pid, hostname: m.hostname, payload: m.payload,
      canonical: Buffer.from(encodeMessage(again)).equals(Buffer.from(bytes)) };
  });
}

test('headers the table left out come from the record, in field-number order', () => {
  const sb = decoder(`function process_message()
    inject_message({Payload = 'a'})
    inject_message({Payload = 'b', Type = 'own', Severity = 1, Hostname = 'mine'})
    return 0 end`);
  sb.inherit(headers(RECORD_HEADERS));
  expect(injected(sb)).toEqual([
    { ...RECORD_HEADERS, payload: 'a', canonical: true },
    { ...RECORD_HEADERS, type: 'own', severity: 1, hostname: 'mine', payload: 'b', canonical: true },
  ]);
});

test('new headers replace the old ones; without any, nothing is merged', () => {
  const sb = decoder(`function process_message() inject_message({Payload = 'a'}) return 0 end`);
  expect(injected(sb)[0]).toMatchObject({ type: '', hostname: '' });
  sb.inherit(headers(RECORD_HEADERS));
  sb.inherit(headers({ ...RECORD_HEADERS, hostname: 'other' }));
  expect(injected(sb)[0]).toMatchObject({ type: 'input.type', hostname: 'other' });
  sb.inherit(new Uint8Array(0));
  expect(injected(sb)[0]).toMatchObject({ type: '', hostname: '' });
});

test('protobuf strings and messages injected after write_message are passed on as they are (the host merges)', () => {
  const sb = decoder(`function process_message()
    inject_message(read_message('raw'))
    write_message('Type', 'edited')
    inject_message({Payload = 'after'})
    return 0 end`);
  sb.inherit(headers(RECORD_HEADERS));
  expect(injected(sb).map((m) => [m.type, m.hostname])).toEqual([['logfile', ''], ['', '']]);
});
