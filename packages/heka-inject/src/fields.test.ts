import { HekaError, ValueType } from '@heka/core';
import { parseField } from './fields.js';

describe('-field', () => {
  it.each([
    ['host=web-1', 'host', ValueType.STRING, 'web-1'],
    ['url=/a?b=c', 'url', ValueType.STRING, '/a?b=c'],
    ['count:int=42', 'count', ValueType.INTEGER, 42n],
    ['big:int=-9223372036854775808', 'big', ValueType.INTEGER, -9223372036854775808n],
    ['ratio:double=0.25', 'ratio', ValueType.DOUBLE, 0.25],
    ['ok:bool=true', 'ok', ValueType.BOOL, true],
    ['ok:bool=F', 'ok', ValueType.BOOL, false],
    ['a:b:int=1', 'a:b', ValueType.INTEGER, 1n],
    ['empty=', 'empty', ValueType.STRING, ''],
  ])('%s', (spec, name, type, value) => {
    const field = parseField(spec);
    expect([field.name, field.valueType, field.values]).toEqual([name, type, [value]]);
  });

  it.each([
    ['novalue', /missing "="/],
    ['=x', /field name is empty/],
    ['n:float=1', /unknown type "float"/],
    ['n:int=1.5', /"1.5" is not an integer/],
    ['n:int=9223372036854775808', /does not fit in 64 bits/],
    ['n:double=abc', /"abc" is not a number/],
    ['n:bool=yes', /"yes" is not a boolean/],
  ])('refuses %s with a hint and exit 2', (spec, message) => {
    let error: unknown;
    try { parseField(spec); } catch (e) { error = e; }
    expect(error).toBeInstanceOf(HekaError);
    expect((error as HekaError).message).toMatch(message);
    expect((error as HekaError).hint).toBeTruthy();
    expect((error as HekaError).exitCode).toBe(2);
  });
});
