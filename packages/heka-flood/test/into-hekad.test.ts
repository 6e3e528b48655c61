// What heka-flood sends, fed to bin/hekad: the bytes a sink received are replayed into a
// StdinInput with a HekaFramingSplitter that knows the signer's key (replayed, so the same bytes
// are checked here and by hekad), and hekad must keep exactly the records that decode and authenticate.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, verifyRecord } from '@heka/core';
import { FrameSink, runBin } from '@heka/core/testing';
import { runFlood, writeConfig } from './run-flood.js';

const KEY = 'flood-key';
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'heka-flood-hekad-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('hekad accepts the unsigned and correctly signed messages heka-flood sends and drops the corrupted ones', async () => {
  const sink = await FrameSink.start({ keepBytes: true });
  try {
    const config = writeConfig(dir, 'default', `ip_address = "${sink.address}"\nsender = "tcp"\nnum_messages = 400\nvariable_size_messages = true\nsigned_percentage = 30\ncorrupt_percentage = 5\n[default.signer]\nname = "ops"\nhmac_hash = "md5"\nhmac_key = "${KEY}"\nversion = 2\n`);
    const run = await runFlood(['-config', config, '-json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ sent: 400, delivered: 400, corrupted: 19 });
    await sink.waitFor(380);
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    await sink.close();
  }
  // What a correct receiver keeps: records that authenticate (or are unsigned) and decode.
  const keys = new Map([['ops_2', KEY]]);
  let good = 0;
  let signed = 0;
  for (const r of sink.records) {
    const verified = verifyRecord(r.header, r.message, keys, { headerLength: r.record[1]! });
    if (!verified.ok) continue;
    try {
      if (decodeMessage(r.message).type !== 'hekabench') continue;
    } catch {
      continue;
    }
    good++;
    if (verified.signer === 'ops') signed++;
  }
  // 119 sends are signed; the 19 corrupted ones (every 20th send) fall on signed sends too, so
  // about 100 authenticate, and every unsigned one (281) arrives intact.
  expect(good).toBeGreaterThanOrEqual(375);
  expect(signed).toBeGreaterThanOrEqual(95);

  const out = join(dir, 'all.hpb');
  const outSigned = join(dir, 'signed.hpb');
  const hekadConfig = join(dir, 'hekad.toml');
  writeFileSync(hekadConfig, `[hekad]
log_flags = 0

[flood_framing]
type = "HekaFramingSplitter"
[flood_framing.signer.ops_2]
hmac_key = "${KEY}"

[stdin]
type = "StdinInput"
splitter = "flood_framing"
decoder = "ProtobufDecoder"

[all]
type = "FileOutput"
message_matcher = "Type == 'hekabench'"
path = "${out}"
encoder = "ProtobufEncoder"

[signed_only]
type = "FileOutput"
message_matcher = "TRUE"
message_signer = "ops"
path = "${outSigned}"
encoder = "ProtobufEncoder"
`);
  const hekad = runBin('hekad', [`-config=${hekadConfig}`], { input: Buffer.concat(sink.received), timeoutMs: 60_000 });
  expect(hekad.code).toBe(0);
  const count = (file: string): string => runBin('heka-cat', ['-format=count', file]).stderr.trim().split('\n').at(-1)!;
  expect(count(out)).toBe(`Processed: ${good}, matched: ${good} messages`);
  expect(count(outSigned)).toBe(`Processed: ${signed}, matched: ${signed} messages`);
}, 120_000);
