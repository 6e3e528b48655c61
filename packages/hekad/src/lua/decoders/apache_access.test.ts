import { decode, fieldsOf, shippedDecoder } from './shipped-decoder.js';

type Messages = Exclude<Awaited<ReturnType<typeof decode>>, string>;
const COMBINED = '%h %l %u %t \\"%r\\" %>s %O \\"%{Referer}i\\" \\"%{User-Agent}i\\"';
const LINE = '192.168.1.5 - - [10/Oct/2000:13:55:36 -0700] "GET /x HTTP/1.1" 200 2326 "http://a/" "Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2228.0 Safari/537.36"';

describe('apache_access.lua', () => {
  test('the combined LogFormat with the user agent transformed', async () => {
    const d = shippedDecoder('apache_access.lua', { type: 'apache.access', log_format: COMBINED, user_agent_transform: true });
    const [m] = (await decode(d, LINE)) as Messages;
    expect(m).toMatchObject({ type: 'apache.access', timestamp: BigInt(Date.parse('2000-10-10T20:55:36Z')) * 1_000_000n, payload: '' });
    expect(fieldsOf(m!)).toEqual({
      remote_addr: ['192.168.1.5', 'ipv4'], remote_user: ['-', ''], request: ['GET /x HTTP/1.1', ''], status: [200, ''],
      response_length: [2326, 'B'], http_referer: ['http://a/', ''],
      user_agent_browser: ['Chrome', ''], user_agent_version: [41, ''], user_agent_os: ['Windows 7', ''],
    });
  });

  test('user_agent_keep, user_agent_conditional and payload_keep', async () => {
    const keep = shippedDecoder('apache_access.lua', { log_format: COMBINED, user_agent_transform: true, user_agent_keep: true, payload_keep: true });
    const [k] = (await decode(keep, LINE)) as Messages;
    expect(k!.payload).toBe(LINE);
    expect(fieldsOf(k!)['http_user_agent']?.[0]).toMatch(/^Mozilla/);

    const conditional = shippedDecoder('apache_access.lua', { log_format: COMBINED, user_agent_transform: true, user_agent_conditional: true });
    const [known] = (await decode(conditional, LINE)) as Messages;
    expect(fieldsOf(known!)['http_user_agent']).toBeUndefined();
    const [unknown] = (await decode(conditional, LINE.replace(/"Mozilla[^"]*"$/, '"curl/8.0"'))) as Messages;
    expect(fieldsOf(unknown!)['http_user_agent']).toEqual(['curl/8.0', '']);
    expect(fieldsOf(unknown!)['user_agent_browser']).toBeUndefined();
  });

  test('a missing or invalid log_format says what to set', () => {
    expect(() => shippedDecoder('apache_access.lua', {})).toThrow(/log_format must be the Apache LogFormat string/);
    expect(() => shippedDecoder('apache_access.lua', { log_format: '%h %Q' })).toThrow(/^Decoder 'D': Init\(\) config: log_format: unknown variable: Q$/);
  });
});
