import { decode, fieldsOf, shippedDecoder } from './shipped-decoder.js';

type Messages = Exclude<Awaited<ReturnType<typeof decode>>, string>;
const DOC = '{"msg":"Start Request","extra":{"workspace-id":"cN907xLngi","n":[1,2]},"time":"2015-05-06T20:40:05Z","severity":1,"host":"h1","gone":null}';

describe('json.lua', () => {
  test('flattens members into fields, Type "json" by default, payload dropped', async () => {
    const [m] = (await decode(shippedDecoder('json.lua', {}), DOC)) as Messages;
    expect(m).toMatchObject({ type: 'json', payload: '' });
    expect(fieldsOf(m!)).toEqual({
      msg: ['Start Request', ''], 'extra.workspace-id': ['cN907xLngi', ''], 'extra.n.1': [1, ''], 'extra.n.2': [2, ''],
      time: ['2015-05-06T20:40:05Z', ''], severity: [1, ''], host: ['h1', ''],
    });
  });

  test('map_fields moves members to headers; Timestamp with timestamp_format', async () => {
    const d = shippedDecoder('json.lua', {
      type: 'artemis', payload_keep: true, map_fields: true, Severity: 'severity', Hostname: 'host', Timestamp: 'time', timestamp_format: '%Y-%m-%dT%H:%M:%SZ',
    });
    const [m] = (await decode(d, DOC)) as Messages;
    expect(m).toMatchObject({ type: 'artemis', payload: DOC, severity: 1, hostname: 'h1', timestamp: BigInt(Date.parse('2015-05-06T20:40:05Z')) * 1_000_000n });
    expect(Object.keys(fieldsOf(m!)).sort()).toEqual(['extra.n.1', 'extra.n.2', 'extra.workspace-id', 'msg']);
  });

  test('a mapped header missing from the next record is not carried over', async () => {
    const d = shippedDecoder('json.lua', { map_fields: true, Severity: 'sev', Hostname: 'host' });
    const [first] = (await decode(d, '{"sev":2,"host":"a"}')) as Messages;
    const [second] = (await decode(d, '{"x":1}')) as Messages;
    expect([first!.severity, first!.hostname, second!.severity, second!.hostname]).toEqual([2, 'a', 7, 'input.host']);
  });

  test('a Timestamp member in ns is used as it is', async () => {
    const [m] = (await decode(shippedDecoder('json.lua', { Timestamp: 'ts' }), '{"ts":1500000000000000000,"a":"b"}')) as Messages;
    expect(m!.timestamp).toBe(1500000000000000000n);
    expect(fieldsOf(m!)).toEqual({ a: ['b', ''] });
  });

  test('not JSON, or a timestamp not in the format, fails the record', async () => {
    expect(await decode(shippedDecoder('json.lua', {}), 'not json')).toBe('Failed parsing: Failed to decode JSON. payload: not json');
    expect(await decode(shippedDecoder('json.lua', { Timestamp: 't', timestamp_format: '%Y' }), '{"t":"x"}')).toBe('Failed parsing: Failed to decode timestamp. payload: {"t":"x"}');
  });
});
