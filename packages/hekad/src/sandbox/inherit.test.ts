// LuaSandbox.inherit: the record's headers merged by the core into messages a decoder injects
// from a table, where the table left them out, at their place in field-number order.
import { decodeMessage, encodeMessage, Message } from '@heka/core';
import { LuaSandbox } from './lua-sandbox.js';

const sandboxes: LuaSandbox[] = [];
function decoder(source: string): LuaSandbox {
  const sb = LuaSandbox.create({ source, filename: 'test.lua', kind: 'decoder' });
  sandboxes.push(sb);
  return sb;
}
afterEach(() => {
  for (const sb of sandboxes.splice(0)) sb.destroy();
});

const headers = (init: ConstructorParameters<typeof Message>[0]) => encodeMessage(new Message(init)).slice();
const record = encodeMessage(new Message({ type: 'logfile', payload: 'p' }));
const RECORD_HEADERS = { type: 'input.type', logger: 'input', severity: 3, pid: 77, hostname: 'box' };

/** The injected messages' headers, and whether their bytes are laid out as encodeMessage writes them. */
function injected(sb: LuaSandbox): { type: string; logger: string; severity: number; pid: number; hostname: string; payload: string; canonical: boolean }[] {
  return sb.processMessage(record).injected.map((bytes) => {
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
