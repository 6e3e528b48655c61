import { decode, fieldsOf, shippedDecoder } from './shipped-decoder.js';

const ns = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
const year = new Date().getUTCFullYear();
const TRADITIONAL = '%TIMESTAMP% %HOSTNAME% %syslogtag%%msg:::sp-if-no-1st-sp%%msg:::drop-last-lf%\\n';

describe('rsyslog.lua', () => {
  test('Traditional format: Timestamp, Hostname, Pid, programname, Payload', async () => {
    const d = shippedDecoder('rsyslog.lua', { type: 'RSYSLOG_TraditionalFileFormat', template: TRADITIONAL });
    const [m, ...rest] = (await decode(d, 'Feb 10 12:58:58 trink-x230 sshd[911]: Accepted publickey\n')) as Exclude<Awaited<ReturnType<typeof decode>>, string>;
    expect(rest).toEqual([]);
    expect(m).toMatchObject({ type: 'RSYSLOG_TraditionalFileFormat', timestamp: ns(`${year}-02-10T12:58:58Z`), hostname: 'trink-x230', pid: 911, payload: 'Accepted publickey', severity: 7 });
    expect(fieldsOf(m!)).toEqual({ programname: ['sshd', ''] });
  });

  test('tz re-reads the logged wall-clock time in that zone; hostname_keep keeps the input\'s', async () => {
    const d = shippedDecoder('rsyslog.lua', { template: TRADITIONAL, tz: 'America/Los_Angeles', hostname_keep: true });
    const [m] = (await decode(d, 'Feb 10 12:58:58 trink-x230 kernel: imklog started.\n')) as Exclude<Awaited<ReturnType<typeof decode>>, string>;
    expect(m).toMatchObject({ type: 'logfile', timestamp: ns(`${year}-02-10T20:58:58Z`), hostname: 'input.host', payload: 'imklog started.' });
  });

  test('pri gives Severity and syslogfacility; a text severity works without pri', async () => {
    const withPri = shippedDecoder('rsyslog.lua', { template: '<%PRI%>%TIMESTAMP:::date-rfc3339% %HOSTNAME% %syslogtag%%msg%\\n' });
    const [m] = (await decode(withPri, '<165>2014-01-10T07:04:56Z web cron: run\n')) as Exclude<Awaited<ReturnType<typeof decode>>, string>;
    // rsyslog's msg keeps the space after the tag (the Traditional template drops it with sp-if-no-1st-sp)
    expect(m).toMatchObject({ severity: 5, hostname: 'web', timestamp: ns('2014-01-10T07:04:56Z'), payload: ' run' });
    expect(fieldsOf(m!)).toEqual({ syslogfacility: [20, ''], programname: ['cron', ''] });

    const textual = shippedDecoder('rsyslog.lua', { template: '%syslogseverity-text% %msg%\\n' });
    expect(((await decode(textual, 'err disk full\n')) as Exclude<Awaited<ReturnType<typeof decode>>, string>)[0]).toMatchObject({ severity: 3, payload: 'disk full' });
  });

  test('a line not in the template fails; a bad tz or template stops the decoder at start', async () => {
    const d = shippedDecoder('rsyslog.lua', { template: TRADITIONAL });
    expect(await decode(d, 'garbage')).toBe('Failed parsing:  payload: garbage');
    expect(() => shippedDecoder('rsyslog.lua', { template: TRADITIONAL, tz: 'Mars/Base' })).toThrow(/tz: unknown time zone "Mars\/Base"/);
    expect(() => shippedDecoder('rsyslog.lua', { template: '%bogus%' })).toThrow(/config: template: invalid rsyslog property: 'bogus'/);
    expect(() => shippedDecoder('rsyslog.lua', {})).toThrow(/template must be the rsyslog template string/);
  });
});
