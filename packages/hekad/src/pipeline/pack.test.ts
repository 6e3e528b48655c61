import { Message, encodeMessage } from '@heka/core';
import { Pack } from './pack.js';

const injected = () => encodeMessage(new Message({ uuid: new Uint8Array(16), timestamp: 5n, type: 'nginx.access', payload: 'GET /' }));

describe('Pack carrying encoded bytes', () => {
  it('decodes the message only when it is read, once', () => {
    const record = new Message({ logger: 'in', payload: 'line' });
    const pack = new Pack(record);
    const bytes = injected();
    pack.carry(bytes);
    expect(pack.undecoded).toBe(true);
    expect(pack.bytes).toBe(bytes);
    const message = pack.message;
    expect(pack.undecoded).toBe(false);
    expect([message.type, message.payload, message.timestamp]).toEqual(['nginx.access', 'GET /', 5n]);
    expect(pack.message).toBe(message);
    expect(pack.bytes).toBe(bytes);
  });

  it('decodes before it lets go of the bytes, so the message is never lost', () => {
    const pack = new Pack(new Message());
    pack.carry(injected());
    pack.touched();
    expect(pack.bytes).toBeUndefined();
    expect(pack.message.type).toBe('nginx.access');
  });

  it('hands the record message kept with carry(bytes, true) back at renew, without its payload', () => {
    const record = new Message({ logger: 'in' });
    record.setPayloadIn(new Uint8Array([104, 105, 33]), 0, 2);
    const pack = new Pack(record);
    pack.carry(injected(), true);
    pack.release();
    pack.renew();
    expect(pack.undecoded).toBe(false);
    expect(pack.message).toBe(record);
    expect(record._payload).toBeUndefined();
    expect(pack.bytes).toBeUndefined();
  });

  it('keeps nothing when not asked to, and keeps the decoded message when the bytes were read', () => {
    const pack = new Pack(new Message());
    pack.carry(injected());
    pack.release();
    pack.renew();
    expect(pack.undecoded).toBe(true); // the owner gives it a new message

    const read = new Pack(new Message());
    read.carry(injected(), true);
    const decoded = read.message;
    read.release();
    read.renew();
    expect(read.message).toBe(decoded);
  });

  it('says clearly when there is neither a message nor bytes', () => {
    const pack = new Pack(new Message());
    pack.carry(injected());
    pack.release();
    pack.renew();
    expect(() => pack.message).toThrow('Pack: neither a message nor its bytes');
  });
});
