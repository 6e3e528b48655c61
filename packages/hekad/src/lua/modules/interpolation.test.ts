// msg_interpolate, field_util and elasticsearch read the current message.
import { encodeMessage, Field, Message, ValueType } from '@heka/core';
import { luaEval } from '../lua-harness.js';

const message = encodeMessage(new Message({
  uuid: Uint8Array.from({ length: 16 }, (_, i) => i),
  timestamp: 1447114573123456789n,
  type: 'nginx.access', logger: 'web', hostname: 'h1', severity: 6, pid: 42, envVersion: '0.8', payload: 'p',
  fields: [
    new Field({ name: 'status', valueType: ValueType.DOUBLE, values: [404] }),
    new Field({ name: 'ok', valueType: ValueType.BOOL, values: [false] }),
    new Field({ name: 'path', valueType: ValueType.STRING, values: ['/x'] }),
  ],
}));
const run = (body: string) => luaEval(body, {}, message);

describe('msg_interpolate', () => {
  test('headers, fields, booleans, strftime at secs, and unknown names kept', () => {
    expect(run("return require('msg_interpolate').interpolate_from_msg('%{Type}/%{Hostname}/%{Pid}/%{Severity}/%{Logger}/%{EnvVersion}', nil)")).toBe('nginx.access/h1/42/6/web/0.8');
    expect(run("return require('msg_interpolate').interpolate_from_msg('%{UUID}')")).toBe('00010203-0405-0607-0809-0a0b0c0d0e0f');
    expect(run("return require('msg_interpolate').interpolate_from_msg('%{status} %{ok} %{path}')")).toBe('404 false /x');
    expect(run("return require('msg_interpolate').interpolate_from_msg('logs-%{%Y.%m.%d}', 1447114573)")).toBe('logs-2015.11.10');
    expect(run("return require('msg_interpolate').interpolate_from_msg('%{nosuch} plain')")).toBe('%{nosuch} plain');
  });
});

describe('elasticsearch', () => {
  test('bulkapi_index_json interpolates each part and leaves out nil ones', () => {
    expect(JSON.parse(run("return require('elasticsearch').bulkapi_index_json('heka-%{%Y.%m.%d}', '%{Type}', nil, 1447114573123456789)") as string))
      .toEqual({ index: { _index: 'heka-2015.11.10', _type: 'nginx.access' } });
    expect(JSON.parse(run("return require('elasticsearch').bulkapi_index_json(nil, nil, '%{path}')") as string)).toEqual({ index: { _id: '/x' } });
  });
});

describe('field_util', () => {
  test('field_map: named fields, **all_base**, **all**, empty = base fields', () => {
    expect(run("local f, b, a = require('field_util').field_map('status path') return {f, b, a}")).toEqual([{ status: true, path: true }, false, false]);
    expect(run("local f, b, a = require('field_util').field_map('**all_base** x') return {f.x, f.Hostname, f.Payload, b, a}")).toEqual([true, true, true, true, false]);
    expect(run("local f, b, a = require('field_util').field_map('**all**') return {f.Type, b, a}")).toEqual([true, false, true]);
    expect(run("local f, b, a = require('field_util').field_map('') local n = 0 for _ in pairs(f) do n = n + 1 end return {n, b, a}")).toEqual([7, true, false]);
  });

  test('message_timestamp precisions, used_base_fields, field_interp', () => {
    expect(run("local fu = require('field_util') return {ns(fu.message_timestamp()), fu.message_timestamp('s'), fu.message_timestamp('m'), fu.message_timestamp('h')}"))
      .toEqual(['1447114573123', 1447114573, 24118576, 401976]);
    expect(run("local u = require('field_util').used_base_fields({Payload = true, Pid = true}) return {u.Payload, u.Pid, u.Type, u.EnvVersion}")).toEqual([null, null, true, true]);
    expect(run("return require('field_util').field_interp('%{Logger}:%{status}')")).toBe('web:404');
  });
});
