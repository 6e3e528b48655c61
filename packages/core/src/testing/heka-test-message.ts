import { hostname } from 'node:os';
import { Field, ValueType, type FieldValue } from '../message/field.js';
import { Message } from '../message/message.js';

const field = (name: string, valueType: ValueType, values: FieldValue[], representation = ''): Field =>
  new Field({ name, valueType, values, representation });

export interface HekaTestMessageOptions {
  withSeverity?: boolean;
  /** Fixed header values, e.g. for a stream fixture; random/now/this process otherwise. */
  uuid?: Uint8Array;
  timestamp?: bigint;
  pid?: number;
  hostname?: string;
}

/** Heka's matcher test message (message_matcher_test.go, spec §2.4), fields in Heka's order. */
export function hekaTestMessage(options: HekaTestMessageOptions = {}): Message {
  const { withSeverity = true } = options;
  return Message.create({
    ...(options.uuid ? { uuid: options.uuid } : {}),
    ...(options.timestamp !== undefined ? { timestamp: options.timestamp } : {}),
    type: 'TEST',
    logger: 'GoSpec',
    ...(withSeverity ? { severity: 6 } : {}),
    payload: 'Test Payload',
    envVersion: '0.8',
    pid: options.pid ?? process.pid,
    hostname: options.hostname ?? hostname(),
    fields: [
      field('foo', ValueType.STRING, ['bar']),
      field('number', ValueType.INTEGER, [64n]),
      field('bytes', ValueType.BYTES, [new TextEncoder().encode('data')]),
      field('int', ValueType.INTEGER, [999n, 1024n]),
      field('double', ValueType.DOUBLE, [99.9]),
      field('bool', ValueType.BOOL, [true]),
      field('foo', ValueType.STRING, ['alternate']),
      field('Payload', ValueType.STRING, ['name=test;type=web;']),
      field('Timestamp', ValueType.STRING, ['Mon Jan 02 15:04:05 -0700 2006'], 'date-time'),
      field('zero', ValueType.INTEGER, [0n]),
      field('string', ValueType.STRING, ['43']),
    ],
  });
}
