import { Field, Message, ValueType, decodeMessage, encodeMessage } from '@heka/core';
import { InheritedHeaders, withInheritedHeaders } from './injected-headers.js';

/** What the decoder did before the byte merge: decode, fill in what is missing, re-encode. */
function slowPath(bytes: Uint8Array, original: Message): Uint8Array {
  const m = decodeMessage(bytes);
  if (m._type === undefined) m.type = original.type;
  if (m._hostname === undefined) m.hostname = original.hostname;
  if (m._logger === undefined) m.logger = original.logger;
  if (m._severity === undefined) m.severity = original.severity;
  if (m._pid === undefined) m.pid = original.pid;
  return encodeMessage(m).slice();
}

const field = new Field({ name: 'status', valueType: ValueType.INTEGER, representation: '', values: [200n] });
const injectedCases: [string, Message][] = [
  ['nothing but uuid and timestamp', new Message({ timestamp: 5n })],
  ['type and fields', new Message({ type: 'nginx.access', timestamp: 1_700_000_000_000_000_000n, fields: [field] })],
  ['every header', new Message({ type: 't', logger: 'l', severity: 3, payload: 'p', envVersion: '1', pid: 9, hostname: 'h', fields: [field] })],
  ['payload and hostname only', new Message({ payload: 'line', hostname: 'other' })],
  ['empty type (set, so kept)', new Message({ type: '', fields: [field] })],
];
const originals: [string, Message][] = [
  ['a record from an input', new Message({ logger: 'nginx_input', hostname: 'web-1', payload: 'x' })],
  ['a record with every header', new Message({ type: 'logfile', logger: 'in', severity: 2, pid: 1234, hostname: 'h2' })],
  ['a bare record', new Message()],
];

describe('withInheritedHeaders', () => {
  for (const [iname, injected] of injectedCases) {
    for (const [oname, original] of originals) {
      it(`${iname} + ${oname}: the bytes decode + fill + re-encode gives`, () => {
        const bytes = encodeMessage(injected).slice();
        const merged = withInheritedHeaders(bytes, new InheritedHeaders().of(original));
        expect(merged).toBeDefined();
        expect(Buffer.from(merged!).equals(Buffer.from(slowPath(bytes, original)))).toBe(true);
      });
    }
  }

  it('gives up on bytes not in field-number order (the caller re-encodes)', () => {
    const a = encodeMessage(new Message({ type: 't' })).slice();
    const hostname = encodeMessage(new Message({ hostname: 'h' })).slice();
    // hostname (9) of the second message's tail, then the first's type (3): out of order
    const outOfOrder = new Uint8Array([...a, ...hostname.subarray(hostname.indexOf(0x4a)), 0x1a, 1, 0x41]);
    expect(withInheritedHeaders(outOfOrder, new InheritedHeaders().of(new Message()))).toBeUndefined();
  });

  it('gives up on a negative severity written as a 10-byte varint', () => {
    const bytes = new Uint8Array([0x10, 1, 0x28, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
    expect(withInheritedHeaders(bytes, new InheritedHeaders().of(new Message()))).toBeUndefined();
  });

  it('gives up on bytes that are not protobuf', () => {
    expect(withInheritedHeaders(new Uint8Array([0x0a, 50, 1]), new InheritedHeaders().of(new Message()))).toBeUndefined();
  });

  it('returns the same bytes when nothing is missing, and re-encodes the defaults only when the record changes', () => {
    const headers = new InheritedHeaders();
    const full = encodeMessage(new Message({ type: 't', logger: 'l', severity: 3, pid: 9, hostname: 'h' })).slice();
    expect(withInheritedHeaders(full, headers.of(new Message()))).toBe(full);
    const first = headers.of(new Message({ logger: 'a' }));
    expect(headers.of(new Message({ logger: 'a' }))).toBe(first);
    expect(headers.of(new Message({ logger: 'b' }))).not.toBe(first);
  });
});
