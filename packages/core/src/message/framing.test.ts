import { encodeMessage } from './codec.js';
import {
  DEFAULT_MAX_MESSAGE_SIZE, FramingError, MAX_HEADER_SIZE, decodeFrameHeader, frameMessage, isUnsignedFrame, maxRecordSize,
  unsignedFrameSize, writeUnsignedFrame,
  type FrameHeader,
} from './framing.js';
import { Message } from './message.js';
import { heka } from './message.generated.js';
import { verifyRecord, type Signer } from './signing.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// Spec §1.7: uuid all zero, timestamp 1, type "t" (23 bytes).
const MESSAGE = encodeMessage(new Message({ uuid: new Uint8Array(16), timestamp: 1n, type: 't' }));
const MESSAGE_HEX = '0a10' + '00'.repeat(16) + '1001' + '1a0174';
const MD5_HMAC = '749e6f4c293dc3929b73ee8c0e5013d7';
const SHA1_HMAC = 'a9f22165b9a0937fa8371a4e1bd635a1075422c5';
const md5Signer: Signer = { name: 'test', hmacHash: 'md5', key: 'test-key', version: 0 };
const sha1Signer: Signer = { ...md5Signer, hmacHash: 'sha1' };

/** Splits a frame into its header and message, as a reader would. */
function unframe(frame: Uint8Array): { header: FrameHeader; message: Uint8Array; headerLength: number } {
  const headerLength = frame[1]!;
  const header = decodeFrameHeader(frame, 2, 2 + headerLength);
  if (header === undefined) throw new Error('not a header');
  return { header, message: frame.subarray(3 + headerLength), headerLength };
}

function thrown(f: () => unknown): Error {
  try { f(); } catch (e) { return e as Error; }
  throw new Error('expected a throw');
}

describe('frameMessage', () => {
  it('reproduces the spec §1.7 vectors byte for byte', () => {
    expect(hex(MESSAGE)).toBe(MESSAGE_HEX);
    expect(hex(frameMessage(MESSAGE))).toBe('1e02' + '0817' + '1f' + MESSAGE_HEX);
    expect(hex(frameMessage(MESSAGE, md5Signer))).toBe('1e1c' + '0817' + '220474657374' + '2800' + '3210' + MD5_HMAC + '1f' + MESSAGE_HEX);
    expect(hex(frameMessage(MESSAGE, sha1Signer))).toBe('1e22' + '0817' + '1801' + '220474657374' + '2800' + '3214' + SHA1_HMAC + '1f' + MESSAGE_HEX);
  });

  it('signs with MD5 unless hmac_hash is exactly "sha1"', () => {
    for (const hmacHash of ['', 'MD5', 'SHA1', 'sha256']) {
      expect(hex(unframe(frameMessage(MESSAGE, { ...md5Signer, hmacHash })).header.hmac!)).toBe(MD5_HMAC);
    }
  });

  it('writes message lengths that need a longer varint', () => {
    expect(hex(frameMessage(new Uint8Array(200)).subarray(0, 6))).toBe('1e0308c8011f');
    expect(hex(frameMessage(new Uint8Array(65536)).subarray(0, 7))).toBe('1e04088080041f');
    expect(hex(frameMessage(new Uint8Array(0)))).toBe('1e0208001f');
  });

  it('refuses a message over the maximum size, and a header over 255 bytes', () => {
    expect(() => frameMessage(new Uint8Array(DEFAULT_MAX_MESSAGE_SIZE))).not.toThrow();
    const tooBig = thrown(() => frameMessage(new Uint8Array(DEFAULT_MAX_MESSAGE_SIZE + 1)));
    expect(tooBig).toBeInstanceOf(FramingError);
    expect(tooBig.message).toBe('Message too big, requires 65537 (MAX_MESSAGE_SIZE = 65536)');
    expect(thrown(() => frameMessage(new Uint8Array(2000), undefined, 1500)).message).toBe('Message too big, requires 2000 (MAX_MESSAGE_SIZE = 1500)');
    expect(thrown(() => frameMessage(MESSAGE, { ...md5Signer, name: 'n'.repeat(240) })).message).toBe('Message header too big, requires 265 (MAX_HEADER_SIZE = 255)');
    expect(frameMessage(MESSAGE, { ...md5Signer, name: 'n'.repeat(230) })[1]).toBe(MAX_HEADER_SIZE);
  });

  it('gives the record size limits', () => {
    expect(maxRecordSize()).toBe(65794);
    expect(maxRecordSize(1 << 20)).toBe(3 + 255 + (1 << 20));
  });
});

describe('decodeFrameHeader', () => {
  it('reads signed and unsigned headers as the generated decoder does', () => {
    for (const frame of [frameMessage(MESSAGE), frameMessage(new Uint8Array(300)), frameMessage(MESSAGE, md5Signer), frameMessage(MESSAGE, sha1Signer)]) {
      const h = frame[1]!;
      const generated = heka.Header.decode(frame.subarray(2, 2 + h));
      expect(decodeFrameHeader(frame, 2, 2 + h)).toEqual({
        message_length: generated.message_length,
        hmac_hash_function: generated.hmac_hash_function,
        hmac_signer: generated.hmac_signer,
        hmac_key_version: generated.hmac_key_version,
        hmac: Object.hasOwn(generated, 'hmac') ? generated.hmac : undefined,
      });
    }
    expect(decodeFrameHeader(frameMessage(MESSAGE, sha1Signer), 2, 36)).toMatchObject({ message_length: 23, hmac_hash_function: 1, hmac_signer: 'test', hmac_key_version: 0 });
  });

  it('refuses what is not a header: no message_length, bad protobuf', () => {
    const bytes = (h: string): Uint8Array => Buffer.from(h, 'hex');
    expect(decodeFrameHeader(bytes('2800'), 0, 2)).toBeUndefined(); // hmac_key_version only
    expect(decodeFrameHeader(bytes(''), 0, 0)).toBeUndefined();
    expect(decodeFrameHeader(bytes('08'), 0, 1)).toBeUndefined();
    expect(decodeFrameHeader(bytes('ff'), 0, 1)).toBeUndefined();
    expect(decodeFrameHeader(bytes('0817ff'), 0, 3)).toBeUndefined();
    expect(decodeFrameHeader(bytes('08172a01'), 0, 4)).toBeUndefined(); // field 5 with the wrong wire type
    expect(decodeFrameHeader(bytes('08177801'), 0, 4)).toMatchObject({ message_length: 23 }); // unknown field 15 skipped
  });
});

describe('verifyRecord', () => {
  const signers = new Map([['test_0', 'test-key']]);

  it('accepts a signed record with the right key and names its signer (MD5 and SHA-1)', () => {
    for (const signer of [md5Signer, sha1Signer]) {
      const { header, message } = unframe(frameMessage(MESSAGE, signer));
      expect(verifyRecord(header, message, signers)).toEqual({ ok: true, signer: 'test' });
    }
  });

  it('accepts an unsigned record, without a signer', () => {
    const { header, message } = unframe(frameMessage(MESSAGE));
    expect(verifyRecord(header, message, new Map())).toEqual({ ok: true });
  });

  it('rejects a wrong key, a changed message and an unknown signer or version, with distinct reasons', () => {
    const { header, message } = unframe(frameMessage(MESSAGE, sha1Signer));
    expect(verifyRecord(header, message, new Map([['test_0', 'other-key']]))).toEqual({ ok: false, reason: 'bad-hmac', detail: 'HMAC mismatch for signer test_0' });
    const changed = Uint8Array.from(message);
    changed[22] = changed[22]! ^ 1;
    expect(verifyRecord(header, changed, signers)).toMatchObject({ ok: false, reason: 'bad-hmac' });
    expect(verifyRecord(header, message, new Map([['test_1', 'test-key']]))).toEqual({ ok: false, reason: 'unknown-signer', detail: 'no key for signer test_0' });
    expect(verifyRecord({ ...header, hmac: header.hmac!.subarray(0, 16) }, message, signers)).toMatchObject({ ok: false, reason: 'bad-hmac' });
  });

  it('skips authentication for a header of 13 bytes or less when told its length, as Heka does', () => {
    const header: FrameHeader = { message_length: 23, hmac_hash_function: 0, hmac_signer: '', hmac_key_version: 0, hmac: new Uint8Array(0) };
    expect(verifyRecord(header, MESSAGE, signers, { headerLength: 13 })).toEqual({ ok: true });
    expect(verifyRecord(header, MESSAGE, signers, { headerLength: 14 })).toMatchObject({ ok: false, reason: 'unknown-signer' });
  });
});

describe('unsigned framing written in place', () => {
  it.each([0, 1, 127, 128, 16383, 16384, 65536])('writes what frameMessage puts before a %i-byte message, and recognises it', (length) => {
    const framed = frameMessage(new Uint8Array(length), undefined, 1 << 20);
    const size = unsignedFrameSize(length);
    expect(framed.length).toBe(size + length);
    const out = new Uint8Array(size + 2).fill(0xaa);
    writeUnsignedFrame(out, 1, length);
    expect(hex(out.subarray(1, 1 + size))).toBe(hex(framed.subarray(0, size)));
    expect([out[0], out[size + 1]]).toEqual([0xaa, 0xaa]);
    expect(isUnsignedFrame(out, 1, length)).toBe(true);
  });

  it('does not take other bytes, another length or a position before the array for a frame', () => {
    const out = new Uint8Array(8);
    writeUnsignedFrame(out, 0, 300);
    expect(isUnsignedFrame(out, 0, 301)).toBe(false);
    expect(isUnsignedFrame(out, 0, 44)).toBe(false);
    expect(isUnsignedFrame(out, -1, 300)).toBe(false);
    for (let i = 0; i < unsignedFrameSize(300); i++) {
      const changed = out.slice();
      changed[i] = changed[i]! ^ 1;
      expect(isUnsignedFrame(changed, 0, 300)).toBe(false);
    }
  });
});
