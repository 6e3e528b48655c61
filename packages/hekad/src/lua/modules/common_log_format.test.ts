import { createSandbox, destroyCreated, luaEval, luaError, MODULES_DIR } from '../lua-harness.js';
import { encodeMessage, Message } from '@heka/core';

const clf = (body: string) => luaEval(`local clf = require 'common_log_format'\n${body}`);
/** Matches `line` with the grammar built from `format`; the time comes back as an integer string. */
const nginx = (format: string, line: string) =>
  clf(`local t = clf.build_nginx_grammar(${JSON.stringify(format)}):match(${JSON.stringify(line)})
if t and t.time then t.time = ns(t.time) end
return t`);
const apache = (format: string, line: string) =>
  clf(`local t = clf.build_apache_grammar(${JSON.stringify(format)}):match(${JSON.stringify(line)})
if t and t.time then t.time = ns(t.time) end
return t`);
const ns = (iso: string) => (BigInt(Date.parse(iso)) * 1_000_000n).toString();

describe('build_nginx_grammar', () => {
  test('the combined format: typed, measured and string fields; time_local becomes time', () => {
    expect(nginx('$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
      '62.195.113.219 - - [10/Jan/2014:07:04:56 -0800] "GET /v1/x HTTP/1.1" 200 82 "-" "Mozilla/5.0 (Mobile; rv:29.0) Gecko/29.0 Firefox/29.0"')).toEqual({
      remote_addr: { value: '62.195.113.219', representation: 'ipv4' },
      remote_user: '-',
      time: ns('2014-01-10T15:04:56Z'),
      request: 'GET /v1/x HTTP/1.1',
      status: 200,
      body_bytes_sent: { value: 82, representation: 'B' },
      http_referer: '-',
      http_user_agent: 'Mozilla/5.0 (Mobile; rv:29.0) Gecko/29.0 Firefox/29.0',
    });
  });

  test('a quoted value may hold \\" ; addresses are tagged ipv6 or hostname', () => {
    expect(nginx('$host "$request" $remote_addr', 'example.com "GET /a\\"b" ::1')).toEqual({
      host: { value: 'example.com', representation: 'hostname' },
      request: 'GET /a\\"b',
      remote_addr: { value: '::1', representation: 'ipv6' },
    });
  });

  test('time_iso8601, msec, request_time, numbers and upstream lists', () => {
    expect(nginx('$time_iso8601 $request_time $connection $pid $upstream_response_time $upstream_status $upstream_addr $upstream_response_length',
      '2014-01-10T07:04:56-08:00 0.123 17 4242 0.100, 0.002 : 1.500 502, 200 : 200 10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80 10, 20 : 30')).toEqual({
      time: ns('2014-01-10T15:04:56Z'),
      request_time: { value: 0.123, representation: 's' },
      connection: 17,
      pid: 4242,
      upstream_response_time: { value: [0.1, 0.002, 1.5], representation: 's' },
      upstream_status: [502, 200, 200],
      upstream_addr: ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'],
      upstream_response_length: { value: [10, 20, 30], representation: 'B' },
    });
    // seconds × 1e9 in doubles, as in Heka: the last digits are the double's
    expect(nginx('$msec', '1389366296.123')).toEqual({ time: BigInt(1389366296.123 * 1e9).toString() });
  });

  test('$time_local takes the direct path: same text accepted and same ns as date_time.clf_timestamp', () => {
    const stamps = ['21/Nov/2026:06:00:01 +0000', '10/Jan/2014:07:04:56 -0800', '29/Feb/2000:23:59:60 +0130', '01/Dec/1969:00:00:00 +1400', '32/Nov/2026:06:00:01 +0000', '01/Foo/2026:06:00:01 +0000', '01/Nov/2026:24:00:01 +0000',
      '15/Jun/2026:12:00:60 +0000', '15/Jul/2026:12:00:61 +0000', '15/Jux/2026:12:00:00 +0000', '15/jan/2026:12:00:00 +0000',
      '31/May/2026:12:00:00 +0000', '01/Mar/2026:12:00:00 +0000', '01/Apr/2026:12:00:00 +0000', '01/Aug/2026:12:00:00 +0000', '01/Mab/2026:12:00:00 +0000',
      '01/Sep/2026:12:00:00 +0000', '01/Oct/2026:12:00:00 +0000', '01/Dec/2026:12:00:00 +0000', '01/Feb/2026:12:00:00 -2359', '01/Feb/2026:12:00:00 *0000'];
    const out = clf(`local dt = require 'date_time'
local g = clf.build_nginx_grammar('[$time_local]')
local out = {}
for i, s in ipairs(${JSON.stringify(stamps).replace('[', '{').replace(/]$/, '}')}) do
  local direct = g:match('[' .. s .. ']')
  local t = dt.clf_timestamp:match(s)
  out[i] = { direct and ns(direct.time) or false, t and ns(dt.time_to_ns(t)) or false }
end
return out`) as [string | false, string | false][];
    for (const [direct, viaTable] of out) expect(direct).toBe(viaTable);
    expect(out.filter(([direct]) => direct).length).toBe(4 + 9);
    expect(out.slice(0, 7)).toEqual([
      [ns('2026-11-21T06:00:01Z'), ns('2026-11-21T06:00:01Z')],
      [ns('2014-01-10T15:04:56Z'), ns('2014-01-10T15:04:56Z')],
      [ns('2000-02-29T22:30:00Z'), ns('2000-02-29T22:30:00Z')],
      [ns('1969-11-30T10:00:00Z'), ns('1969-11-30T10:00:00Z')],
      [false, false], [false, false], [false, false],
    ]);
  });

  test('a line not written with the format does not match', () => {
    expect(nginx('$remote_addr [$time_local] $status', '1.2.3.4 [10/Jan/2014:07:04:56 -0800] OK')).toBeNull();
  });

  // inject_message writes the fields in the table's iteration order: it must stay lpeg.Ct's
  test('the field table iterates as one lpeg.Ct fills, for 1 to 20 fields, repeated names and added keys', () => {
    // untyped names (string values) but $time_local, whose key is `time`
    const names = ['remote_user', 'request', 'time_local', 'http_referer', 'http_user_agent', 'uri', 'args', 'request_uri',
      'http_x_forwarded_for', 'cookie_id', 'sent_http_content_type', 'query_string', 'document_root', 'realpath_root',
      'server_software', 'http_host', 'request_id', 'ssl_protocol', 'ssl_cipher', 'http_cookie'];
    const differing = clf(`local lpeg = require 'lpeg'
require 'table'
local names = ${JSON.stringify(names).replace('[', '{').replace(/]$/, '}')}
local function order(t)
  t.user_agent_browser, t.user_agent_os = 1, 2
  local keys = {}
  for k in next, t do keys[#keys + 1] = k end
  return table.concat(keys, ' ')
end
local differing = {}
for n = 1, #names do
  for _, repeated in ipairs({ false, true }) do
    local format, line, ct = {}, {}, nil
    for i = 1, n do
      local name = (repeated and i == n and n > 1) and names[1] or names[i]
      format[i], line[i] = '$' .. name, tostring(i)
      local key = name == 'time_local' and 'time' or name
      local g = lpeg.Cg(lpeg.C(lpeg.R'09'^1), key)
      ct = ct and ct * ' ' * g or g
    end
    local typed = table.concat(line, ' '):gsub('(%d+)', function(d)
      return d == '3' and '10/Jan/2014:07:04:56 -0800' or d end)
    local t = clf.build_nginx_grammar(table.concat(format, ' ')):match(typed)
    local want = lpeg.Ct(ct):match(table.concat(line, ' '))
    if not t or order(t) ~= order(want) then differing[#differing + 1] = table.concat(format, ' ') end
  end
end
return table.concat(differing, '\\n')`);
    expect(differing).toBe('');
  });
});

describe('field_table (the module behind the grammars\' field tables)', () => {
  test('a builder makes values, {value, representation} with a fixed or a captured representation', () => {
    expect(luaEval(`local b = require('field_table').builder({ 'a', 'b', 'c' }, { 2, 1, 3 }, { 0, 1, 2 }, { false, 'B', false })
return b(5, 'x', 'y', 'ipv4')`)).toEqual({ a: 'x', b: { value: 5, representation: 'B' }, c: { value: 'y', representation: 'ipv4' } });
  });

  test('bad plans are errors naming the entry', () => {
    expect(luaError(`require('field_table').builder({ 'a', 7 }, { 1, 2 }, { 0, 0 }, { false, false })`)).toContain('builder: key 2 is not a string');
    expect(luaError(`require('field_table').builder({ 'a' }, { 0 }, { 0 }, { false })`)).toContain('builder: entry 1 has an invalid argument index or kind');
    expect(luaError(`require('field_table').builder({ 'a' }, { 1 }, { 1 }, { false })`)).toContain('builder: entry 1 has no representation');
    expect(luaError(`require('field_table').builder({}, {}, {}, {})`)).toContain('no keys');
  });
});

describe('grammars that inject (access_log.lua without user_agent_* options)', () => {
  afterEach(destroyCreated);
  /** The message inject_message makes of the field table, then the one the injecting grammar makes; uuids cut off. */
  const both = (build: string, format: string, line: string, type: string, payloadKeep: boolean) => {
    const sb = createSandbox({ kind: 'decoder', moduleDirectory: MODULES_DIR, config: { format, line }, source: `
local clf = require 'common_log_format'
local format, line = read_config('format'), read_config('line')
local plain = clf.${build}(format)
local injecting, injects = clf.${build}(format, { type = ${JSON.stringify(type)}, payload_keep = ${payloadKeep} })
function process_message()
  local fields = plain:match(line)
  local msg = { Type = ${JSON.stringify(type)}, Timestamp = fields.time, Payload = ${payloadKeep} and line or nil }
  fields.time = nil
  msg.Fields = fields
  inject_message(msg)
  if not injects or injecting:match(line, 1, line) ~= true then return -1, 'did not inject' end
  return 0
end` });
    const r = sb.processMessage(encodeMessage(new Message({ payload: '' })));
    expect(r.error).toBeUndefined();
    return r.injected.map((b) => Buffer.from(b.subarray(18)).toString('hex'));
  };

  test.each([
    ['build_nginx_grammar', '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"',
      '2001:db8::1 - bob [10/Jan/2014:07:04:56 -0800] "GET /x HTTP/1.1" 404 0 "-" "curl/8.4.0"', 'nginx.access', false],
    ['build_nginx_grammar', '$host $request_time $upstream_addr $upstream_response_time $upstream_status $upstream_response_length $msec $scheme',
      'example.com 0.250 10.0.0.1:80, 10.0.0.2:80 0.100, 0.150 502, 200 10, 20 1389366296.123 https', 't', true],
    ['build_apache_grammar', '%h %l %u %t "%r" %>s %b %D %{pid}P', '10.1.2.3 - - [10/Jan/2014:07:04:56 -0800] "GET / HTTP/1.0" 200 - 1500 42', 'apache', true],
    ['build_nginx_grammar', '$pid $body_bytes_sent $status $request_length [$time_local]',
      '0007 12345678901234567890 200 999999999999999 [10/Jan/2014:07:04:56 -0800]', 'n', false],
  ])('%s %s: the same message as inject_message of the field table', (build, format, line, type, payloadKeep) => {
    const [viaTable, injected] = both(build, format, line, type, payloadKeep);
    expect(injected).toBe(viaTable);
  });

  test('a format without fields but the time keeps to the field table', () => {
    expect(luaEval(`local g, injects = clf.build_nginx_grammar('[$time_local]', { type = 't' })
return { injects = injects or false, time = ns(g:match('[10/Jan/2014:07:04:56 -0800]').time) }`.replace(/^/, "local clf = require 'common_log_format'\n"))).toEqual({ injects: false, time: ns('2014-01-10T15:04:56Z') });
  });

  test('bad injector arguments are errors', () => {
    expect(luaError(`require('field_table').injector({ 'a' }, { 1 }, { 0 }, { false }, -1, 't', 0)`)).toContain('injector: negative value index');
    expect(luaError(`require('field_table').injector({ 'a' }, { 2 }, { 7 }, { false }, 0, 't', 0)`)).toContain('builder: entry 1 has an invalid argument index or kind');
    expect(luaError(`require('field_table').injector({ 'a' }, { 2 }, { 3 }, { false }, 0, 't', 0)('line', 4, 2)`)).toContain('injector: value 2 is not a span of the line');
    expect(luaError(`require('field_table').injector({ 'a' }, { 2 }, { 3 }, { false }, 0, 't', 0)('line', 1, 7)`)).toContain('injector: value 2 is not a span of the line');
    expect(luaError(`require('field_table').injector({ 'a' }, { 2 }, { 5 }, { false }, 0, 't', 0)('l1ne', 1, 3)`)).toContain('injector: value 2 encloses more than digits');
    expect(luaError(`require('field_table').injector({ 'a' }, { 2 }, { 5 }, { false }, 0, 't', 0)('line', 2, 2)`)).toContain('injector: value 2 encloses no digits');
    expect(luaError(`require('field_table').injector({ 'a' }, { 2 }, { 6 }, { false }, 0, 't', 0)`)).toContain('builder: entry 1 has no representation');
  });
});

describe('build_apache_grammar', () => {
  test('the combined LogFormat gives nginx field names', () => {
    expect(apache('%h %l %u %t \\"%r\\" %>s %b \\"%{Referer}i\\" \\"%{User-Agent}i\\"',
      '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 - "http://example.com/" "Mozilla/4.08"')).toEqual({
      remote_addr: { value: '127.0.0.1', representation: 'ipv4' },
      remote_user: 'frank',
      time: ns('2000-10-10T20:55:36Z'),
      request: 'GET /apache_pb.gif HTTP/1.0',
      status: 200,
      body_bytes_sent: { value: 0, representation: 'B' },
      http_referer: 'http://example.com/',
      http_user_agent: 'Mozilla/4.08',
    });
  });

  test('arguments: ports, pids, strftime and microsecond durations', () => {
    expect(apache('%{remote}p %{hextid}P %D %{%Y-%m-%d %H:%M:%S}t %{X-Forwarded-For}i %{sid}C',
      '5555 1f 1500 2015-03-01 00:05:00 10.1.1.1 abc')).toEqual({
      remote_port: 5555, tid: 31, request_time: { value: 1500, representation: 'us' },
      time: ns('2015-03-01T00:05:00Z'), http_x_forwarded_for: '10.1.1.1', cookie_sid: 'abc',
    });
  });

  test('unknown letters are configuration errors', () => {
    expect(luaError("require('common_log_format').build_apache_grammar('%Z') return 1")).toMatch(/unknown variable: Z/);
    expect(luaError("require('common_log_format').build_apache_grammar('%{x}p') return 1")).toMatch(/unknown port format: x/);
  });
});

describe('normalize_user_agent', () => {
  test.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', ['Firefox', 121, 'Linux']],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', ['Chrome', 120, 'Windows 10']],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1', ['Safari', 604, 'iPhone']],
    ['Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1)', ['MSIE', 8, 'Windows 7']],
    ['Mozilla/5.0 (Mobile; rv:29.0) Gecko/29.0 Firefox/29.0', ['Firefox', 29, 'FirefoxOS']],
    ['curl/8.5.0', [null, null, null]],
  ])('%s', (ua, expected) => {
    expect(clf(`local b, v, o = clf.normalize_user_agent(${JSON.stringify(ua)}) return {b or false, v or false, o or false}`))
      .toEqual(expected.map((x) => x ?? false));
  });
});

test('nginx_error_grammar', () => {
  expect(clf(`local t = clf.nginx_error_grammar:match('2014/01/10 07:04:56 [error] 16#0: *7 open() "/x" failed') t.Timestamp = ns(t.Timestamp) return t`)).toEqual({
    Timestamp: ns('2014-01-10T07:04:56Z'), Severity: 3, Pid: 16, Fields: { tid: 0, connection: 7 }, Payload: 'open() "/x" failed',
  });
});
