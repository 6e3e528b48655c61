// A worker decodes a log line straight from its batch (decodeInto without a pack): the messages
// and errors must be those of the same record made as a pack (recordAt), whatever the script
// reads or does with the record.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message, decodeMessage, encodeMessage, type HekadGlobals } from '@heka/core';
import { Pack } from '../../pipeline/pack.js';
import { SandboxDecoderInstance } from './sandbox-decoder.js';
import { RecordBatchWriter, isLine, recordAt, type RecordBatch } from './record-batch.js';

const SCRIPT = `
function process_message()
  local p = read_message("Payload")
  if p == "bad" then return -1, "not a line" end
  if p == "pass" then return 0 end
  if p == "headers" then
    inject_message({Type = "h", Payload = read_message("Hostname") .. "/" .. read_message("Logger")})
    return 0
  end
  if p == "edit" then write_message("Payload", "edited") return 0 end
  inject_message({Type = "t", Payload = p})
  if p == "two" then inject_message({Type = "t2"}) end
  return 0
end`;

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'decode-into-')); });
afterEach(() => { rmSync(dir, { recursive: true }); });

function decoder(): SandboxDecoderInstance {
  writeFileSync(join(dir, 'd.lua'), SCRIPT);
  return new SandboxDecoderInstance({ filename: join(dir, 'd.lua'), preserve_data: false, memory_limit: 8388608, instruction_limit: 1000000, output_limit: 64512, module_directory: dir, config: {} } as never,
    'D', { share_dir: dir, hostname: 'test-host' } as HekadGlobals);
}

/** What record i of the batch decodes to, the line's way or the pack's way: messages (uuid left out) or the error. */
function outcome(d: SandboxDecoderInstance, batch: RecordBatch, i: number, asLine: boolean): string[] {
  const out: Uint8Array[] = [];
  try {
    if (asLine) d.decodeInto(undefined, batch, i, (b) => out.push(b));
    else d.decodeInto(recordAt(batch, i), undefined, 0, (b) => out.push(b));
  } catch (e) {
    return [`error: ${(e as Error).message}`];
  }
  return out.map((bytes) => {
    const m = decodeMessage(bytes);
    m.uuid = new Uint8Array(16); // owed, so random on either side
    return Buffer.from(encodeMessage(m)).toString('hex');
  });
}

test('a line decoded from the batch gives the messages and errors of its record made as a pack', () => {
  const texts = ['plain', 'bad', 'pass', 'headers', 'edit', 'two', 'plain again'];
  const chunk = Buffer.from(texts.join('\n') + '\n');
  const packs: Pack[] = [];
  let at = 0;
  for (const [n, text] of texts.entries()) {
    const m = Message.create(undefined, 1_700_000_000_000 + n);
    m._logger = 'in';
    m.hostname = 'web-1';
    m.setPayloadIn(chunk, at, at + text.length);
    at += text.length + 1;
    packs.push(new Pack(m));
  }
  const batch = structuredClone(new RecordBatchWriter().write(packs));
  const d = decoder();
  for (let i = 0; i < texts.length; i++) {
    expect(isLine(batch, i)).toBe(true);
    const line = outcome(d, batch, i, true);
    expect(line).toEqual(outcome(d, batch, i, false));
    expect(line.length).toBe(texts[i] === 'two' ? 2 : 1);
  }
  expect(outcome(d, batch, 1, true)).toEqual(['error: Failed parsing: not a line payload: bad']);
  const headers = decodeMessage(Buffer.from(outcome(d, batch, 3, true)[0]!, 'hex'));
  expect(headers.payload).toBe('web-1/in');
  expect(decodeMessage(Buffer.from(outcome(d, batch, 4, true)[0]!, 'hex')).payload).toBe('edited');
  d.stop();
});
