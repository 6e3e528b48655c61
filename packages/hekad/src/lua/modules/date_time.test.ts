import { luaEval, luaError } from '../lua-harness.js';

const ns = (iso: string) => (BigInt(Date.parse(iso)) * 1_000_000n).toString();
const dt = (expr: string) => luaEval(`local dt = require 'date_time'\n${expr}`);

describe('date_time', () => {
  test('rfc3339 captures Heka\'s parts and time_to_ns applies the offset', () => {
    expect(dt("return dt.rfc3339:match('1999-05-05T23:23:59.217-07:00')")).toEqual({
      year: '1999', month: '05', day: '05', hour: '23', min: '23', sec: '59', sec_frac: 0.217, offset_sign: '-', offset_hour: 7, offset_min: 0,
    });
    expect(dt("return ns(dt.time_to_ns(dt.rfc3339:match('1999-05-05T23:23:59-07:00')))")).toBe(ns('1999-05-06T06:23:59Z'));
    expect(dt("return ns(dt.time_to_ns(dt.rfc3339:match('2026-11-21T06:00:01Z')))")).toBe(ns('2026-11-21T06:00:01Z'));
    expect(dt("return dt.time_to_ns(dt.rfc3339:match('1999-05-05T23:23:59.25+00:00')) / 1e9 % 60")).toBe(59.25);
    expect(dt("return dt.rfc3339:match('1999-13-05T23:23:59Z')")).toBeNull();
  });

  test('clf_timestamp (nginx $time_local)', () => {
    expect(dt("return ns(dt.time_to_ns(dt.clf_timestamp:match('21/Nov/2026:06:00:01 +0000')))")).toBe(ns('2026-11-21T06:00:01Z'));
    expect(dt("return ns(dt.time_to_ns(dt.clf_timestamp:match('10/Jan/2014:07:04:56 -0800')))")).toBe(ns('2014-01-10T15:04:56Z'));
    expect(dt("return ns(dt.time_to_ns(dt.clf_timestamp:match('29/Feb/2000:23:59:60 +0130')))")).toBe(ns('2000-02-29T22:30:00Z'));
  });

  test('time_to_ns: time_t, AM/PM, missing date', () => {
    expect(dt('return dt.time_to_ns({time_t = 1234})')).toBe(1234e9);
    expect(dt("return ns(dt.time_to_ns({year='2015', month='3', day='1', hour='12', min='5', sec='0', period='AM'}))")).toBe(ns('2015-03-01T00:05:00Z'));
    expect(dt("return ns(dt.time_to_ns({year='2015', month='3', day='1', hour='1', min='5', sec='0', period='PM'}))")).toBe(ns('2015-03-01T13:05:00Z'));
    expect(dt('return dt.time_to_ns({hour = 1})')).toBe(0);
    expect(dt('return dt.time_to_ns(nil)')).toBe(0);
    expect(dt("return ns(dt.time_to_ns({year='1969', month='12', day='31', hour='23', min='59', sec='59'}))")).toBe('-1000000000');
  });

  test('civil_to_seconds (UTC parts as numbers), month overflow normalised', () => {
    expect(dt('return {dt.civil_to_seconds(1970, 1, 1, 0, 0, 0), dt.civil_to_seconds(2026, 11, 21, 6, 0, 1), dt.civil_to_seconds(2025, 23, 21, 6, 0, 1)}'))
      .toEqual([0, Date.parse('2026-11-21T06:00:01Z') / 1000, Date.parse('2026-11-21T06:00:01Z') / 1000]);
  });

  test('build_strftime_grammar', () => {
    expect(dt("return ns(dt.time_to_ns(dt.build_strftime_grammar('%a, %d %b %Y %T GMT'):match('Sat, 21 Nov 2026 06:00:01 GMT')))")).toBe(ns('2026-11-21T06:00:01Z'));
    expect(dt("return ns(dt.time_to_ns(dt.build_strftime_grammar('%Y/%m/%d %H:%M:%S'):match('2014/01/10 07:04:56')))")).toBe(ns('2014-01-10T07:04:56Z'));
    expect(dt("local t = dt.build_strftime_grammar('%B %e %r %Z'):match('March  7 01:02:03 PM PST') return {t.month, t.day, t.hour, t.period, t.offset_hour}")).toEqual(['3', ' 7', '01', 'PM', 8]);
    expect(dt("return dt.build_strftime_grammar('%s'):match('1500000000').time_t")).toBe(1500000000);
    expect(dt("return dt.build_strftime_grammar('%d%%x'):match('05%x').day")).toBe('05');
    expect(luaError("local dt = require 'date_time' dt.build_strftime_grammar('%Q') return 1")).toMatch(/unknown strftime specifier: Q/);
  });

  test('rfc3164 (this year), mysql and pgsql timestamps', () => {
    const year = new Date().getUTCFullYear();
    expect(dt("return dt.rfc3164_timestamp:match('Feb  9 12:58:58')")).toEqual({ month: '2', day: '9', hour: '12', min: '58', sec: '58', year: String(year) });
    expect(dt("return ns(dt.time_to_ns(dt.mysql_timestamp:match('20140110070456')))")).toBe(ns('2014-01-10T07:04:56Z'));
    expect(dt("return ns(dt.time_to_ns(dt.pgsql_timestamp:match('2014-01-10 07:04:56')))")).toBe(ns('2014-01-10T07:04:56Z'));
  });

  test('building blocks and seconds_to_ns', () => {
    expect(dt("local l = require 'lpeg' return {l.Ct(dt.date_mabbr):match('Dec'), l.Ct(dt.date_mfull):match('September'), l.Ct(dt.timezone_offset):match('-0530')}")).toEqual([
      { month: '12' }, { month: '9' }, { offset_sign: '-', offset_hour: 5, offset_min: 30 },
    ]);
    expect(dt("return ns(dt.seconds_to_ns('1500000000.5'))")).toBe('1500000000500000000');
  });
});
