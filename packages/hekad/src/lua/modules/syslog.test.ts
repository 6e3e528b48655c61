import { luaEval, luaError } from '../lua-harness.js';

const ns = (iso: string) => (BigInt(Date.parse(iso)) * 1_000_000n).toString();
const parse = (template: string, line: string) =>
  luaEval(`local syslog = require 'syslog'
local t = syslog.build_rsyslog_grammar(${JSON.stringify(template)}):match(${JSON.stringify(line)})
if t and t.timestamp then t.timestamp = ns(t.timestamp) end
if t and t.timegenerated then t.timegenerated = ns(t.timegenerated) end
return t`);

const TRADITIONAL = '%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\\n';

describe('build_rsyslog_grammar', () => {
  test('RSYSLOG_TraditionalFileFormat: rfc3164 time of this year, host, tag with pid, msg', () => {
    const year = new Date().getUTCFullYear();
    expect(parse(TRADITIONAL, 'Feb 10 12:58:58 trink-x230 sshd[1234]: Accepted publickey for x\n')).toEqual({
      timestamp: ns(`${year}-02-10T12:58:58Z`),
      hostname: 'trink-x230',
      syslogtag: { programname: 'sshd', pid: 1234 },
      msg: 'Accepted publickey for x',
    });
    expect(parse(TRADITIONAL, 'Feb  1 00:00:01 h kernel: imklog 5.8.6, log source = /proc/kmsg started.\n')).toMatchObject({
      syslogtag: { programname: 'kernel' }, msg: 'imklog 5.8.6, log source = /proc/kmsg started.',
    });
  });

  test('RSYSLOG_SyslogProtocol23Format: pri, rfc3339, structured data', () => {
    const t = '<%PRI%>1 %TIMESTAMP:::date-rfc3339% %HOSTNAME% %APP-NAME% %PROCID% %MSGID% %STRUCTURED-DATA% %msg%\\n';
    expect(parse(t, '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="App\\"x"] An application event\n')).toEqual({
      pri: { facility: 20, severity: 5 },
      timestamp: BigInt((Date.parse('2003-10-11T22:14:15Z') / 1000 + 0.003) * 1e9).toString(), // double maths, as Heka's
      hostname: 'mymachine.example.com',
      'app-name': 'evntslog',
      procid: '-',
      msgid: 'ID47',
      'structured-data': { id: 'exampleSDID@32473', _iut: '3', _eventSource: 'App"x' },
      msg: 'An application event',
    });
  });

  test('text severities and facilities, timegenerated with options', () => {
    expect(parse('%syslogseverity-text% %syslogfacility-text% %pri-text% %timegenerated:::date-pgsql% %fromhost-ip%',
      'warning authpriv local0.err<131> 2014-01-10 07:04:56 10.0.0.1')).toEqual({
      'syslogseverity-text': 4, 'syslogfacility-text': 10, 'pri-text': 16, timegenerated: ns('2014-01-10T07:04:56Z'), 'fromhost-ip': '10.0.0.1',
    });
  });

  test('unix timestamps and subseconds as the options say (Heka ignored the option here)', () => {
    expect(parse('%timestamp:::date-unixtimestamp% %timegenerated:::date-subseconds%', '1500000000 123')).toEqual({ timestamp: '1500000000000000000', timegenerated: '123' });
  });

  test('an unknown property is a configuration error', () => {
    expect(luaError("require('syslog').build_rsyslog_grammar('%nosuch%') return 1")).toMatch(/invalid rsyslog property: 'nosuch'/);
  });
});

test('severity grammar', () => {
  expect(luaEval("local s = require('syslog').severity local out = {} for i, w in ipairs({'debug','WARN','warning','err','error','emerg','panic'}) do out[i] = s:match(w) end return out"))
    .toEqual([7, 4, 4, 3, 3, 0, 0]);
});
