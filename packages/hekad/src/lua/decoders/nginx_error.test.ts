import { decode, fieldsOf, shippedDecoder } from './shipped-decoder.js';

type Messages = Exclude<Awaited<ReturnType<typeof decode>>, string>;

test('nginx_error.lua: Timestamp in tz, Severity, Pid, tid, connection and the message', async () => {
  const d = shippedDecoder('nginx_error.lua', { tz: 'Europe/Paris' });
  const line = '2014/01/10 07:04:56 [error] 16#3: *7 open() "/srv/x" failed (2: No such file or directory)\n';
  const [m] = (await decode(d, line)) as Messages;
  expect(m).toMatchObject({
    type: 'nginx.error', severity: 3, pid: 16, timestamp: BigInt(Date.parse('2014-01-10T06:04:56Z')) * 1_000_000n,
    payload: 'open() "/srv/x" failed (2: No such file or directory)\n',
  });
  expect(fieldsOf(m!)).toEqual({ tid: [3, ''], connection: [7, ''] });
  const [w] = (await decode(shippedDecoder('nginx_error.lua', { type: 'ngx' }), '2014/01/10 07:04:56 [warn] 1#1: low disk')) as Messages;
  expect(w).toMatchObject({ type: 'ngx', severity: 4, payload: 'low disk' });
  expect(fieldsOf(w!)).toEqual({ tid: [1, ''] });
  expect(await decode(d, 'not an error line')).toBe('Failed parsing:  payload: not an error line');
});
