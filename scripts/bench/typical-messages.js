// The "typical" message of the codec and framing benchmarks: about 200 bytes (227 on average),
// a few header fields and 10 fields of mixed types. Values vary per message so that nothing is
// decoded once and reused.
import { Field, Message, ValueType } from '../../packages/core/dist/index.js';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

export function typicalMessage(i) {
  const msg = Message.create({ type: 'access', logger: 'nginx', severity: 6 });
  msg.addField('ip', `10.0.${i & 255}.${(i >> 8) & 255}`, 'ipv4');
  msg.addField('verb', METHODS[i % 4]);
  msg.addField('path', `/i/${i % 10000}`);
  msg.addField('code', BigInt(200 + (i % 5) * 100));
  msg.addField('size', BigInt(1000 + (i % 100000)), 'B');
  msg.addField('ms', (i % 1000) / 7);
  msg.addField('hit', i % 3 === 0);
  msg.addField('ua', 'curl/8');
  msg.addField('rid', Uint8Array.from({ length: 4 }, (_, k) => (i * 31 + k) & 255));
  msg.fields.push(new Field({ name: 'tag', valueType: ValueType.STRING, values: [i % 2 ? 'eu' : 'us'] }));
  return msg;
}

export function typicalMessages(n) {
  return Array.from({ length: n }, (_, i) => typicalMessage(i));
}
