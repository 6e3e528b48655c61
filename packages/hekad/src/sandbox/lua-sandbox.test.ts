import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, encodeMessage, Field, Message, ValueType } from '@heka/core';
import { LuaSandbox, SandboxLoadError, type SandboxConfig } from './lua-sandbox.js';
import { createSandbox, destroyCreated } from '../lua/lua-harness.js';

afterEach(destroyCreated);
const sandbox = (source: string, cfg: Partial<SandboxConfig> = {}): LuaSandbox => createSandbox({ source, filename: 'test.lua', ...cfg });

const UUID = Uint8Array.from([0x55, 0x0d, 0x19, 0xb9, 0x58, 0xc7, 0x49, 0xd8, 0xb0, 0xdd, 0xb4, 0x8c, 0xd1, 0xc5, 0xb3, 0x05]);
const testMessage = () => encodeMessage(new Message({
  uuid: UUID,
  timestamp: 1447114573123456789n,
  type: 'nginx.access',
  logger: 'GoSpec',
  severity: 6,
  payload: 'Test Payload',
  envVersion: '0.8',
  pid: 32157,
  hostname: 'trink-x230',
  fields: [
    new Field({ name: 'foo', valueType: ValueType.STRING, values: ['bar', 'alternate'] }),
    new Field({ name: 'number', valueType: ValueType.INTEGER, representation: 'count', values: [64n, 1n << 40n] }),
    new Field({ name: 'bytes', valueType: ValueType.BYTES, values: [Uint8Array.from([0x64, 0x61, 0x74, 0x61])] }),
    new Field({ name: 'int', valueType: ValueType.INTEGER, values: [999n, 1024n] }),
    new Field({ name: 'double', valueType: ValueType.DOUBLE, values: [99.9] }),
    new Field({ name: 'bool', valueType: ValueType.BOOL, values: [true, false] }),
    new Field({ name: 'foo', valueType: ValueType.STRING, values: ['second foo'] }),
  ],
}));

/** Runs `body` inside process_message and returns what it added to the payload. */
function evalInMessage(body: string, msg = testMessage()): string {
  const sb = sandbox(`function process_message() ${body} return 0 end`);
  const r = sb.processMessage(msg);
  expect(r.error).toBeUndefined();
  expect(r.status).toBe(0);
  const payload = (res: typeof r) => (res.injected.length ? decodeMessage(res.injected[0]!).payload : '');
  expect(payload(sb.processMessage(msg))).toBe(payload(r)); // nothing carries over between calls
  return payload(r);
}

describe('limits end the sandbox with Heka\'s messages', () => {
  test('an endless loop hits instruction_limit', () => {
    const sb = sandbox('function process_message() while true do end return 0 end', { instructionLimit: 1000 });
    const r = sb.processMessage(testMessage());
    expect(r.status).toBe(1);
    expect(r.error).toBe('process_message() instruction_limit exceeded');
    expect(sb.terminated).toBe(true);
    expect(sb.processMessage(testMessage()).error).toBe('process_message() instruction_limit exceeded');
  });

  test('the instruction count is re-armed for every call', () => {
    const sb = sandbox('n = 0 function process_message() for i = 1, 300 do n = n + 1 end return 0 end', { instructionLimit: 2000 });
    for (let i = 0; i < 20; i++) expect(sb.processMessage(testMessage()).status).toBe(0);
    expect(sb.usage().maxInstructions).toBeGreaterThan(300);
    expect(sb.usage().maxInstructions).toBeLessThan(2000);
  });

  test('a memory bomb hits memory_limit', () => {
    const sb = sandbox("require 'string' t = {} function process_message() for i = 1, 1e6 do t[i] = string.rep('x', 1000) .. i end return 0 end",
      { memoryLimit: 1024 * 1024, instructionLimit: 0 });
    const r = sb.processMessage(testMessage());
    expect(r.error).toBe('process_message() not enough memory');
    expect(sb.terminated).toBe(true);
  });

  test('memory usage is counted and capped', () => {
    const sb = sandbox('function process_message() return 0 end', { memoryLimit: 1024 * 1024 });
    const u = sb.usage();
    expect(u.memoryLimit).toBe(1024 * 1024);
    expect(u.memory).toBeGreaterThan(1000);
    expect(u.maxMemory).toBeGreaterThanOrEqual(u.memory);
  });

  test('oversized output hits output_limit', () => {
    const sb = sandbox("require 'string' function process_message() add_to_payload(string.rep('x', 200)) return 0 end", { outputLimit: 128 });
    const r = sb.processMessage(testMessage());
    expect(r.error).toBe('process_message() test.lua:1: output_limit exceeded');
    expect(sb.terminated).toBe(true);
  });

  test('a too large injected table hits output_limit too', () => {
    const sb = sandbox("require 'string' function process_message() inject_message({Payload = string.rep('x', 200)}) return 0 end", { outputLimit: 128 });
    expect(sb.processMessage(testMessage()).error).toBe('process_message() test.lua:1: output_limit exceeded');
  });

  test('a script that loops at load time does not start', () => {
    expect(() => LuaSandbox.create({ source: 'while true do end', instructionLimit: 1000 }))
      .toThrow(new SandboxLoadError('instruction_limit exceeded'));
  });

  test('one sandbox ending leaves the others running', () => {
    const good = sandbox('n = 0 function process_message() n = n + 1 return 0 end');
    const bad = sandbox('function process_message() while true do end end', { instructionLimit: 100 });
    expect(bad.processMessage(testMessage()).status).toBe(1);
    expect(good.processMessage(testMessage()).status).toBe(0);
  });
});

describe('what a script cannot reach', () => {
  const refused: [string, string, RegExp][] = [
    ['io', "io.open('/etc/passwd')", /attempt to index global 'io' \(a nil value\)/],
    ['os.execute', "require 'os' os.execute('touch /tmp/x')", /attempt to call field 'execute' \(a nil value\)/],
    ['os.exit', "require 'os' os.exit(1)", /attempt to call field 'exit' \(a nil value\)/],
    ['os.remove', "require 'os' os.remove('/tmp/x')", /attempt to call field 'remove' \(a nil value\)/],
    ['os.getenv', "require 'os' local home = os.getenv('HOME')", /attempt to call field 'getenv' \(a nil value\)/],
    ['debug', 'debug.sethook()', /attempt to index global 'debug' \(a nil value\)/],
    ['require debug', "require 'debug'", /module 'debug' not found/],
    ['require io', "require 'io'", /module 'io' not found/],
    ['loadstring', "loadstring('return 1')", /attempt to call global 'loadstring' \(a nil value\)/],
    ['load', 'load(function() end)', /attempt to call global 'load' \(a nil value\)/],
    ['dofile', "dofile('/etc/passwd')", /attempt to call global 'dofile' \(a nil value\)/],
    ['loadfile', "loadfile('/etc/passwd')", /attempt to call global 'loadfile' \(a nil value\)/],
    ['require a path', "require('/etc/passwd')", /invalid module name '\/etc\/passwd'/],
    ['require a relative path', "require('../../etc/passwd')", /invalid module name/],
    ['collectgarbage', 'collectgarbage()', /attempt to call global 'collectgarbage'/],
    ['coroutine', 'coroutine.create(print)', /attempt to index global 'coroutine'/],
  ];
  test.each(refused)('%s', (_name, code, error) => {
    const sb = sandbox(`function process_message() ${code} return 0 end`);
    const r = sb.processMessage(testMessage());
    expect(r.status).toBe(1);
    expect(r.error).toMatch(/^process_message\(\) /);
    expect(r.error).toMatch(error);
  });

  test('bytecode is refused as a script and as a module', () => {
    const bytecode = '\x1bLua\x51\x00\x01\x04';
    expect(() => LuaSandbox.create({ source: bytecode, filename: 'evil.lua' }))
      .toThrow('evil.lua: loading bytecode is not allowed');
    const dir = mkdtempSync(join(tmpdir(), 'hs-'));
    try {
      writeFileSync(join(dir, 'evil.lua'), bytecode, 'latin1');
      const sb = sandbox("function process_message() require 'evil' return 0 end", { moduleDirectory: dir });
      expect(sb.processMessage(testMessage()).error).toMatch(/evil\.lua: loading bytecode is not allowed/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('string.dump output cannot be loaded back', () => {
    const sb = sandbox("require 'string' function process_message() local b = string.dump(function() end) return loadstring(b) end");
    expect(sb.processMessage(testMessage()).error).toMatch(/attempt to call global 'loadstring'/);
  });
});

describe('process_message results', () => {
  test('a runtime error terminates with the script position', () => {
    const sb = sandbox('function process_message()\n  return x + 1\nend');
    const r = sb.processMessage(testMessage());
    expect(r).toEqual({ status: 1, error: "process_message() test.lua:2: attempt to perform arithmetic on global 'x' (a nil value)", injected: [], kinds: [] });
  });

  test('a negative status with an error string is a non-fatal failure', () => {
    const sb = sandbox("function process_message() return -1, 'bad line' end");
    expect(sb.processMessage(testMessage())).toEqual({ status: -1, error: 'bad line', injected: [], kinds: [] });
    expect(sb.terminated).toBe(false);
    expect(sb.processMessage(testMessage()).status).toBe(-1);
  });

  test.each([
    ['no return', 'function process_message() end', 'process_message() must return a numeric status code'],
    ['a string status', "function process_message() return 'x' end", 'process_message() must return a numeric status code'],
    ['a table error', 'function process_message() return -1, {} end', 'process_message() must return a nil or string error message'],
    ['no function', 'x = 1', 'process_message() function was not found'],
  ])('%s terminates', (_name, source, error) => {
    const sb = sandbox(source);
    expect(sb.processMessage(testMessage())).toMatchObject({ status: 1, error });
    expect(sb.terminated).toBe(true);
  });

  test('deep recursion ends the sandbox with Lua\'s message, not a trap', () => {
    for (const [body, error] of [
      ["local t = setmetatable({}, {__index = function(t, k) return t[k] end}) local x = t.a", 'process_message() test.lua:1: C stack overflow'],
      ['local function f() return 1 + f() end f()', 'process_message() test.lua:1: stack overflow'],
    ]) {
      const sb = sandbox(`function process_message() ${body} return 0 end`, { instructionLimit: 0 });
      expect(sb.processMessage(testMessage()).error).toBe(error);
    }
  });

  test('pcall inside a script catches errors; a non-string error is reported as nil', () => {
    expect(evalInMessage("local ok, e = pcall(function() return nil + 1 end) inject_payload('txt', '', tostring(ok), ' ', e)"))
      .toBe('false test.lua:1: attempt to perform arithmetic on a nil value');
    const sb = sandbox('function process_message() error({}) end');
    expect(sb.processMessage(testMessage()).error).toBe('process_message() <nil error message>');
  });

  test('out-of-range numbers do not trap', () => {
    let sb = sandbox('function process_message() return 1e300 end');
    expect(sb.processMessage(testMessage()).status).toBe(-2147483648);
    sb = sandbox('function process_message() inject_message({Timestamp = 0/0, Severity = 1/0}) return 0 end');
    expect(sb.processMessage(testMessage()).injected).toHaveLength(1);
  });

  test('a syntax error is reported at load', () => {
    expect(() => LuaSandbox.create({ source: 'function (', filename: 'bad.lua' })).toThrow(/^bad\.lua:1: /);
  });

  test('timer_event gets the time in ns; its errors terminate', () => {
    const sb = sandbox("require 'string' function process_message() return 0 end function timer_event(ns) inject_payload('txt', 'tick', string.format('%d', ns)) if ns == 0 then error('zero') end end");
    const r = sb.timerEvent(1447114573123456768n);
    expect(r.status).toBe(0);
    expect(decodeMessage(r.injected[0]!).payload).toBe('1447114573123456768');
    expect(sb.timerEvent(0).error).toBe('timer_event() test.lua:1: zero');
    expect(sb.terminated).toBe(true);
  });

  test('a missing timer_event terminates', () => {
    const sb = sandbox('function process_message() return 0 end');
    expect(sb.timerEvent(1).error).toBe('timer_event() function was not found');
  });
});

describe('read_message', () => {
  test.each([
    ["read_message('Type')", 'nginx.access'],
    ["read_message('Logger')", 'GoSpec'],
    ["read_message('Payload')", 'Test Payload'],
    ["read_message('EnvVersion')", '0.8'],
    ["read_message('Hostname')", 'trink-x230'],
    ["read_message('Uuid')", '550d19b9-58c7-49d8-b0dd-b48cd1c5b305'],
    ["string.format('%d', read_message('Timestamp'))", '1447114573123456768'],
    ["read_message('Severity')", '6'],
    ["read_message('Pid')", '32157'],
    ["read_message('Fields[foo]')", 'bar'],
    ["read_message('Fields[foo]', 0, 1)", 'alternate'],
    ["read_message('Fields[foo]', 1)", 'second foo'],
    ["read_message('Fields[foo]', 2)", 'nil'],
    ["read_message('Fields[foo]', 0, 2)", 'nil'],
    ["read_message('Fields[number]')", '64'],
    ["string.format('%d', read_message('Fields[number]', 0, 1))", '1099511627776'],
    ["read_message('Fields[bytes]')", 'data'],
    ["read_message('Fields[int]', 0, 1)", '1024'],
    ["read_message('Fields[double]')", '99.9'],
    ["read_message('Fields[bool]')", 'true'],
    ["read_message('Fields[bool]', 0, 1)", 'false'],
    ["read_message('Fields[missing]')", 'nil'],
    ["read_message('Fields[]')", 'nil'],
    ["read_message('Nonsense')", 'nil'],
    ["type(read_message('Timestamp'))", 'number'],
    ["type(read_message('Fields[int]'))", 'number'],
    ['#read_message(\'raw\')', String(testMessage().length)],
  ])('%s', (expr, expected) => {
    expect(evalInMessage(`require 'string' inject_payload('txt', '', tostring(${expr}))`)).toBe(expected);
  });

  test('raw is the message bytes', () => {
    const msg = testMessage();
    const sb = sandbox("function process_message() inject_message(read_message('raw')) return 0 end");
    const r = sb.processMessage(msg);
    expect(Buffer.from(r.injected[0]!).equals(Buffer.from(msg))).toBe(true);
  });

  test('argument errors', () => {
    for (const [code, error] of [
      ['read_message()', 'read_message() incorrect number of arguments'],
      ["read_message('Type', -1)", "bad argument #2 to 'read_message' (field index must be >= 0)"],
      ["read_message('Type', 0, -1)", "bad argument #3 to 'read_message' (array index must be >= 0)"],
      ['read_message(nil)', "bad argument #1 to 'read_message' (string expected, got nil)"],
    ]) {
      const sb = sandbox(`function process_message() ${code} return 0 end`);
      expect(sb.processMessage(testMessage()).error).toBe(`process_message() test.lua:1: ${error}`);
    }
  });

  test('absent headers read as Heka reads them', () => {
    const bare = encodeMessage(new Message({ uuid: UUID, timestamp: 5n }));
    expect(evalInMessage("inject_payload('txt', '', '[', read_message('Type'), '] ', read_message('Severity'), ' ', read_message('Pid'))", bare))
      .toBe('[] nil nil');
  });

  test('read_message is nil in timer_event', () => {
    const sb = sandbox("function process_message() return 0 end function timer_event() inject_payload('txt', '', tostring(read_message('Type'))) end");
    sb.processMessage(testMessage());
    expect(decodeMessage(sb.timerEvent(0).injected[0]!).payload).toBe('nil');
  });

  test('read_next_field walks the fields', () => {
    const out = evalInMessage(`require 'string'
      while true do
        local t, n, v, r, c = read_next_field()
        if not t then break end
        add_to_payload(string.format('%d %s %s %s %d;', t, n, tostring(v), r, c))
      end
      inject_payload()`);
    expect(out).toBe('0 foo bar  2;2 number 64 count 2;1 bytes data  1;2 int 999  2;3 double 99.9  1;4 bool true  2;0 foo second foo  1;');
  });
});

describe('injection', () => {
  test('inject_message of a table round-trips through decodeMessage', () => {
    const sb = sandbox(`function process_message()
      inject_message({
        Uuid = read_message('Uuid'), Timestamp = 1447114573123456789, Type = 'my.type', Logger = 'me',
        Severity = 3, Payload = 'hello', EnvVersion = '1', Pid = 42, Hostname = 'box',
        Fields = {
          str = 'value', num = 1.5, yes = true, list = {1, 2, 3}, strs = {'a', 'b'},
          int = {value = 7, value_type = 2, representation = 'ms'},
          ints = {value = {1, 300}, value_type = 2},
          raw = {value = 'bytes', value_type = 1},
          bools = {true, false},
        }})
      return 0 end`);
    const r = sb.processMessage(testMessage());
    expect(r.error).toBeUndefined();
    expect(r.kinds).toEqual(['message']);
    const m = decodeMessage(r.injected[0]!);
    expect(m.uuid).toHaveLength(16);
    expect(m.timestamp).toBe(1447114573123456768n);
    expect([m.type, m.logger, m.severity, m.payload, m.envVersion, m.pid, m.hostname])
      .toEqual(['my.type', 'me', 3, 'hello', '1', 42, 'box']);
    const fields = Object.fromEntries(m.fields.map((f) => [f.name, { type: f.valueType, rep: f.representation, values: f.values }]));
    expect(fields).toEqual({
      str: { type: ValueType.STRING, rep: '', values: ['value'] },
      num: { type: ValueType.DOUBLE, rep: '', values: [1.5] },
      yes: { type: ValueType.BOOL, rep: '', values: [true] },
      list: { type: ValueType.DOUBLE, rep: '', values: [1, 2, 3] },
      strs: { type: ValueType.STRING, rep: '', values: ['a', 'b'] },
      int: { type: ValueType.INTEGER, rep: 'ms', values: [7n] },
      ints: { type: ValueType.INTEGER, rep: '', values: [1n, 300n] },
      raw: { type: ValueType.BYTES, rep: '', values: [Uint8Array.from(Buffer.from('bytes'))] },
      bools: { type: ValueType.BOOL, rep: '', values: [true, false] },
    });
  });

  test('array form of Fields keeps order; long fields get multi-byte lengths', () => {
    const sb = sandbox(`require 'string' function process_message()
      inject_message({Fields = {
        {name = 'a', value = string.rep('x', 300), representation = 'r'},
        {name = 'b', value = {1, 2}, value_type = 2},
      }}) return 0 end`);
    const m = decodeMessage(sb.processMessage(testMessage()).injected[0]!);
    expect(m.fields.map((f) => [f.name, f.representation, f.values.length])).toEqual([['a', 'r', 1], ['b', '', 2]]);
    expect(m.fields[0]!.values[0]).toBe('x'.repeat(300));
    expect(m.fields[1]!.values).toEqual([1n, 2n]);
  });

  test('missing Uuid and Timestamp are generated (whole seconds)', () => {
    const sb = sandbox("function process_message() inject_message({Type = 't'}) return 0 end");
    const m = decodeMessage(sb.processMessage(testMessage()).injected[0]!);
    expect(m.uuid).toHaveLength(16);
    expect(m.uuid[6]! >> 4).toBe(4);
    expect(m.timestamp % 1_000_000_000n).toBe(0n);
    expect(Number(m.timestamp / 1_000_000_000n)).toBeCloseTo(Date.now() / 1000, -1);
  });

  test.each([
    ['mixed array', "{x = {1, 'a'}}", 'array has mixed types'],
    ['bad value_type', "{x = {value = 'a', value_type = 2}}", 'invalid string value_type: 2'],
    ['function value', '{x = print or function() end}', 'unsupported type: function'],
  ])('%s is an error', (_name, fields, why) => {
    const sb = sandbox(`function process_message() inject_message({Fields = ${fields}}) return 0 end`);
    expect(sb.processMessage(testMessage()).error).toBe(`process_message() test.lua:1: inject_message() could not encode protobuf - ${why}`);
  });

  test('inject_message passes protobuf bytes through and refuses garbage', () => {
    const sb = sandbox("function process_message() inject_message(read_message('Payload')) return 0 end");
    expect(sb.processMessage(encodeMessage(new Message({ payload: '\xff\xff' }))).error).toMatch(/invalid protobuf string/);
    // a known header with the wrong wire type (Timestamp as bytes)
    expect(sb.processMessage(encodeMessage(new Message({ payload: '\x12\x01x' }))).error).toMatch(/invalid protobuf string/);
  });

  test('inject_payload builds a heka.sandbox-output message', () => {
    const sb = sandbox("function process_message() add_to_payload('a', 1, ' ', 2.5, ' ', true, nil) inject_payload('json', 'stats', '!') return 0 end",
      { logger: 'MyFilter', hostname: 'myhost' });
    const r = sb.processMessage(testMessage());
    expect(r.kinds).toEqual(['payload']);
    const m = decodeMessage(r.injected[0]!);
    expect([m.type, m.logger, m.hostname, m.payload]).toEqual(['heka.sandbox-output', 'MyFilter', 'myhost', 'a1 2.5 truenil!']);
    expect(m.fields.map((f) => [f.name, f.values[0]])).toEqual([['payload_type', 'json'], ['payload_name', 'stats']]);
    expect(Number(m.timestamp / 1_000_000n)).toBeCloseTo(Date.now(), -4);
  });

  test('inject_payload defaults to txt and sends nothing for an empty buffer', () => {
    const sb = sandbox("function process_message() inject_payload() inject_payload('', 'n', 'x') return 0 end");
    const r = sb.processMessage(testMessage());
    expect(r.injected).toHaveLength(1);
    expect(decodeMessage(r.injected[0]!).fields[0]!.values[0]).toBe('txt');
  });

  test('add_to_payload output is kept across calls until inject_payload sends it', () => {
    const sb = sandbox("function process_message() add_to_payload(read_message('Logger'), ';') return 0 end function timer_event() inject_payload() end");
    sb.processMessage(testMessage());
    sb.processMessage(testMessage());
    expect(decodeMessage(sb.timerEvent(0).injected[0]!).payload).toBe('GoSpec;GoSpec;');
    expect(sb.timerEvent(0).injected).toHaveLength(0);
  });

  test('number formatting follows Heka', () => {
    expect(evalInMessage('inject_payload("txt", "", 1, " ", -2, " ", 0.1, " ", 1/3, " ", 2^31, " ", -2^40, " ", 0/0, " ", 1/0, " ", -1/0, " ", 1e-10)'))
      .toBe('1 -2 0.1 0.33333333 2147483648 -1099511627776 nan inf -inf 0');
  });

  test('add_to_payload refuses tables and needs an argument', () => {
    let sb = sandbox('function process_message() add_to_payload({}) return 0 end');
    expect(sb.processMessage(testMessage()).error).toBe("process_message() test.lua:1: bad argument #1 to 'add_to_payload' (unsupported type)");
    sb = sandbox('function process_message() add_to_payload() return 0 end');
    expect(sb.processMessage(testMessage()).error).toBe("process_message() test.lua:1: bad argument #0 to 'add_to_payload' (must have at least one argument)");
  });

  test('the host may refuse an injection, which is a Lua error in the script', () => {
    const sb = sandbox("function process_message() inject_message({}) return 0 end", { admit: () => 1 });
    expect(sb.processMessage(testMessage()).error).toBe('process_message() test.lua:1: inject_message() exceeded InjectMessage count');
  });
});

describe('modules and config', () => {
  test('lpeg, re and cjson are usable', () => {
    const out = evalInMessage(`
      require 'lpeg' require 'cjson' local re = require 're'
      local digits = lpeg.C(lpeg.R('09')^1)
      local t = cjson.decode('{"a":[1,2,3],"b":"x"}')
      inject_payload('txt', '', digits:match('123abc'), ' ', re.match('hello world', '{%a+}'), ' ', #t.a, t.b, ' ', cjson.encode({k = true}))`);
    expect(out).toBe('123 hello 3x {"k":true}');
  });

  test('lpeg.match still refuses a userdata that is not a pattern, after patterns were matched (the metatable check is cached)', () => {
    const sb = sandbox(`require 'lpeg' require 'circular_buffer'
      local digits = lpeg.C(lpeg.R('09')^1)
      local cb = circular_buffer.new(2, 1, 1)
      function process_message()
        add_to_payload(digits:match('42x'), lpeg.match(digits, '7'))
        lpeg.match(cb, 'x')
        return 0
      end`);
    for (let i = 0; i < 2; i++) {
      expect(sb.processMessage(testMessage()).error).toBe("process_message() test.lua:6: bad argument #1 to 'match' (lpeg-pattern expected, got userdata)");
    }
  });

  test('cjson drops JSON null unless decode_null(true), as Heka\'s does', () => {
    const sb = sandbox(`require 'cjson'
      function process_message()
        local t = cjson.decode('{"a":null,"b":{"c":null,"d":1},"e":[1,null,3]}')
        add_to_payload(tostring(t.a), ' ', tostring(t.b.c), ' ', t.b.d, ' ', tostring(t.e[2]), ' ', tostring(cjson.decode('null')))
        cjson.decode_null(true) -- from now on for this sandbox
        t = cjson.decode('{"a":null}')
        inject_payload('txt', '', ' ', tostring(t.a == cjson.null))
        return 0
      end`);
    expect(decodeMessage(sb.processMessage(testMessage()).injected[0]!).payload).toBe('nil nil 1 nil nil true');
  });

  test('cjson.encode stops at output_limit; cjson.new is gone', () => {
    let sb = sandbox("require 'cjson' require 'string' function process_message() cjson.encode({string.rep('x', 300)}) return 0 end", { outputLimit: 200 });
    expect(sb.processMessage(testMessage()).error).toBe('process_message() test.lua:1: output_limit exceeded');
    sb = sandbox("require 'cjson' function process_message() cjson.new() return 0 end");
    expect(sb.processMessage(testMessage()).error).toMatch(/attempt to call field 'new' \(a nil value\)/);
  });

  test('require sets the global of built-in modules and caches', () => {
    expect(evalInMessage("local s = require 'string' inject_payload('txt', '', tostring(s == string), ' ', tostring(require('string') == s), ' ', string.format('%5.1f', 2))"))
      .toBe('true true   2.0');
  });

  test('os keeps only its safe functions; the clock is UTC', () => {
    expect(evalInMessage("require 'os' inject_payload('txt', '', os.date('!%Y', 0), ' ', os.date('%H', 3600), ' ', type(os.time()), ' ', type(os.clock))"))
      .toBe('1970 01 number function');
  });

  test('a .lua module from the module directory, without a global', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hs-'));
    try {
      writeFileSync(join(dir, 'greet.lua'), 'local M = {} function M.hi(n) return "hi " .. n end return M');
      const sb = sandbox("local g = require 'greet' function process_message() inject_payload('txt', '', g.hi('there'), ' ', tostring(greet)) return 0 end",
        { moduleDirectory: `/nonexistent;${dir}` });
      expect(decodeMessage(sb.processMessage(testMessage()).injected[0]!).payload).toBe('hi there nil');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  test('a missing module lists where it looked', () => {
    const sb = sandbox("function process_message() require 'unknown' return 0 end", { moduleDirectory: '/a;/b' });
    expect(sb.processMessage(testMessage()).error).toBe("process_message() test.lua:1: module 'unknown' not found:\n\tno file '/a/unknown.lua'\n\tno file '/b/unknown.lua'");
  });

  test('read_config returns scalars and nil otherwise', () => {
    const sb = sandbox("function process_message() inject_payload('txt', '', read_config('s'), ' ', read_config('n'), ' ', tostring(read_config('b')), ' ', tostring(read_config('t')), ' ', tostring(read_config('x'))) return 0 end",
      { config: { s: 'str', n: 3, b: false, t: [1, 2] } });
    expect(decodeMessage(sb.processMessage(testMessage()).injected[0]!).payload).toBe('str 3 false nil nil');
  });
});

describe('preserve_data', () => {
  const SCRIPT = `_PRESERVATION_VERSION = read_config('version') or 0
    count = 0 names = {} shared = {x = 1}
    function process_message()
      count = count + 1
      names[read_message('Logger')] = (names[read_message('Logger')] or 0) + 0.5
      alias = shared
      weird = {['a"b\\n'] = '\\0\\1\\n', [3] = true, nan = 0/0, inf = -1/0, big = 2^60, f = print, nested = {deeper = {x = 'y'}}}
      return 0
    end
    function timer_event() inject_payload('txt', '', count, ' ', names.GoSpec, ' ', tostring(alias == shared), ' ',
      weird['a"b\\n'], ' ', tostring(weird[3]), ' ', weird.nan, ' ', weird.inf, ' ', weird.big, ' ', weird.nested.deeper.x, ' ', tostring(weird.f)) end`;

  test('globals survive a restart, shared tables stay shared; functions and libraries are skipped', () => {
    const first = sandbox(SCRIPT);
    first.processMessage(testMessage());
    first.processMessage(testMessage());
    const data = Buffer.from(first.preserve()).toString('latin1');
    expect(data.split('\n')[0]).toBe('if _PRESERVATION_VERSION and _PRESERVATION_VERSION ~= 0 then return end');
    expect(data).toContain('_G["count"] = 2\n');
    expect(data).not.toContain('string');
    expect(data).not.toMatch(/process_message|_G\["_G"\]|_PRESERVATION_VERSION"/);
    const second = sandbox(SCRIPT);
    second.restore(Buffer.from(data, 'latin1'), 'x.data');
    const payload = decodeMessage(second.timerEvent(0).injected[0]!).payload;
    expect(payload).toBe('2 1 true \u0000\u0001\n true nan -inf 1.152921504606847e+18 y nil');
  });

  test('a changed _PRESERVATION_VERSION keeps the fresh state', () => {
    const counter = "_PRESERVATION_VERSION = read_config('version') count = 0 function process_message() count = count + 1 return 0 end function timer_event() inject_payload('txt', '', count) end";
    const first = sandbox(counter, { config: { version: 1 } });
    first.processMessage(testMessage());
    const data = first.preserve();
    const same = sandbox(counter, { config: { version: 1 } });
    same.restore(data, 'x.data');
    expect(decodeMessage(same.timerEvent(0).injected[0]!).payload).toBe('1');
    const changed = sandbox(counter, { config: { version: 2 } });
    changed.restore(data, 'x.data');
    expect(decodeMessage(changed.timerEvent(0).injected[0]!).payload).toBe('0');
  });

  test('a broken data file ends the sandbox', () => {
    const sb = sandbox(SCRIPT);
    expect(() => sb.restore(Buffer.from('_G["x"] = '), 'bad.data')).toThrow(/^restoring preserved data: bad\.data:1: /);
    expect(sb.terminated).toBe(true);
  });

  test('limits do not apply while saving', () => {
    const sb = sandbox("require 'string' t = {} for i = 1, 2000 do t[i] = string.rep('x', 50) end function process_message() return 0 end", { outputLimit: 1000, memoryLimit: 1024 * 1024 });
    expect(sb.preserve().length).toBeGreaterThan(100_000);
  });
});

describe('write_message (decoders and encoders)', () => {
  const decoder = (body: string) => sandbox(`function process_message() ${body} return 0 end`, { kind: 'decoder' });
  const edited = (body: string, msg = testMessage()) => {
    const r = decoder(body).processMessage(msg);
    expect(r.error).toBeUndefined();
    return decodeMessage(r.message!);
  };
  const values = (m: Message, name: string) => m.fields.filter((f) => f.name === name).map((f) => [f.valueType, f.representation, f.values]);

  test('is missing in filters', () => {
    const sb = sandbox("function process_message() write_message('Type', 'x') return 0 end");
    expect(sb.processMessage(testMessage()).error).toBe("process_message() test.lua:1: attempt to call global 'write_message' (a nil value)");
  });

  test('headers', () => {
    const m = edited(`write_message('Type', 'MyType') write_message('Logger', 'MyLogger') write_message('Payload', 'MyPayload')
      write_message('EnvVersion', '000') write_message('Hostname', 'MyHostname') write_message('Severity', 4) write_message('Pid', '12345')
      write_message('Timestamp', 1385968914904958000) write_message('Uuid', '550d19b9-58c7-49d8-b0dd-b48cd1c5b306')`);
    expect([m.type, m.logger, m.payload, m.envVersion, m.hostname, m.severity, m.pid, m.timestamp, m.uuidString])
      .toEqual(['MyType', 'MyLogger', 'MyPayload', '000', 'MyHostname', 4, 12345, 1385968914904957952n, '550d19b9-58c7-49d8-b0dd-b48cd1c5b306']);
    expect(m.fields).toHaveLength(7); // the fields are untouched
  });

  test('fields: create, overwrite, extend, second field of a name, delete', () => {
    const m = edited(`write_message('Fields[new]', 1.5, 'ms') write_message('Fields[new]', 2.5, 'ms', 0, 1)
      write_message('Fields[double]', 1.25, 's') write_message('Fields[foo]', 'changed', '', 1)
      write_message('Fields[flag]', true) write_message('Fields[flag]', false, '', 1)
      write_message('Fields[bool]', nil) write_message('Fields[int]', nil, '', 0, 0)`);
    expect(values(m, 'new')).toEqual([[ValueType.DOUBLE, 'ms', [1.5, 2.5]]]);
    expect(values(m, 'double')).toEqual([[ValueType.DOUBLE, 's', [1.25]]]);
    expect(values(m, 'foo')).toEqual([[ValueType.STRING, '', ['bar', 'alternate']], [ValueType.STRING, '', ['changed']]]);
    expect(values(m, 'flag')).toEqual([[ValueType.BOOL, '', [true]], [ValueType.BOOL, '', [false]]]);
    expect(values(m, 'bool')).toEqual([]);
    expect(values(m, 'int')).toEqual([[ValueType.INTEGER, '', [1024n]]]);
    expect(m.fields.map((f) => f.name)).toEqual(['foo', 'number', 'bytes', 'int', 'double', 'foo', 'new', 'flag', 'flag']);
  });

  test.each([
    ["write_message('Unknown', 'x')"],
    ["write_message('Fields[foo]', 1)"], // a string field keeps its type
    ["write_message('Fields[int]', 5)"], // as in Heka, a number is a double: INTEGER fields refuse it
    ["write_message('Fields[new]', 'x', '', 1)"], // only the next field may be created
    ["write_message('Fields[foo]', 'x', '', 0, 3)"], // extend by one at most
    ["write_message('Uuid', 'not-a-uuid')"],
    ["write_message('Timestamp', '')"],
    ["write_message('Severity', true)"],
    ["write_message('Hostname', 1)"],
    ["write_message('Fields[foo]', nil, '', 5)"],
  ])('%s fails', (code) => {
    expect(decoder(code).processMessage(testMessage()).error).toBe('process_message() test.lua:1: write_message() failed');
  });

  test('argument errors', () => {
    expect(decoder("write_message('Type')").processMessage(testMessage()).error).toBe('process_message() test.lua:1: write_message() incorrect number of arguments');
    expect(decoder("write_message('Type', {})").processMessage(testMessage()).error)
      .toBe('process_message() test.lua:1: write_message() only accepts numeric, string, or boolean field values, or nil to delete');
    expect(decoder("write_message('Fields[x]', 1, '', -1)").processMessage(testMessage()).error)
      .toBe("process_message() test.lua:1: bad argument #4 to 'write_message' (field index must be >= 0)");
  });

  test('an unmodified message is not sent back; read_message sees the edits', () => {
    expect(decoder('local x = 1').processMessage(testMessage()).message).toBeUndefined();
    const m = edited("write_message('Payload', 'new') write_message('Fields[n]', 7) inject_payload('txt', '', read_message('Payload'), read_message('Fields[n]'))");
    expect(m.payload).toBe('new');
  });
});

describe('decode_message', () => {
  test('gives the table inject_message takes back', () => {
    const out = evalInMessage(`require 'string' local m = decode_message(read_message('raw'))
      add_to_payload(#m.Uuid, ' ', string.format('%d', m.Timestamp), ' ', m.Type, ' ', m.Logger, ' ', m.Severity, ' ', m.Payload, ' ', m.EnvVersion, ' ', m.Pid, ' ', m.Hostname, ' ', #m.Fields)
      for _, f in ipairs(m.Fields) do add_to_payload(' ', f.name, ':', f.value_type or '-', ':', f.representation or '-', ':', #f.value, ':', tostring(f.value[#f.value])) end
      inject_payload()`);
    // encodeMessage writes every representation, "" included, as Heka's Go code does
    expect(out).toBe('16 1447114573123456768 nginx.access GoSpec 6 Test Payload 0.8 32157 trink-x230 7'
      + ' foo:0::2:alternate number:2:count:2:1099511627776 bytes:1::1:data int:2::2:1024 double:3::1:99.9 bool:4::2:false foo:0::1:second foo');
  });

  test('refuses bytes that are not a message', () => {
    const sb = sandbox("function process_message() decode_message('\\255\\255') return 0 end");
    expect(sb.processMessage(testMessage()).error).toBe('process_message() test.lua:1: decode_message() could not decode protobuf string');
    const noUuid = sandbox("function process_message() decode_message(read_message('raw')) return 0 end");
    expect(noUuid.processMessage(encodeMessage(new Message({ timestamp: 1n }))).error).toBe('process_message() test.lua:1: decode_message() missing required field: Uuid');
  });
});
