// Acceptance: Heka's own output for the shared nginx fixture is what our nginx_access.lua makes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameReader, decodeMessage, type Message } from '@heka/core';
import { repoRoot } from '@heka/core/testing';
import { decoders, payloadPack, run } from '../../plugins/decoders/decoder-harness.js';

const FIXTURES = join(repoRoot, '..', 'shared', 'fixtures', 'heka-streams');
const COMBINED = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

function hekaMessages(): Message[] {
  const reader = new FrameReader();
  reader.push(readFileSync(join(FIXTURES, 'nginx-access-decoded.hpb')));
  const out: Message[] = [];
  for (const item of [...reader, ...reader.finish()]) if ('message' in item) out.push(decodeMessage(item.message));
  return out;
}

/** Everything but the uuid and the time of receipt, fields in name order. */
const comparable = (m: Message) => ({
  type: m.type, logger: m.logger, hostname: m.hostname, severity: m.severity, pid: m.pid, payload: m.payload,
  envVersion: m.envVersion, timestamp: m.timestamp,
  fields: m.fields.map((f) => ({ name: f.name, valueType: f.valueType, representation: f.representation, values: f.values }))
    .sort((a, b) => a.name.localeCompare(b.name)),
});

test('the fixture log decodes as Heka 0.10 decoded it (names, types, representations, values)', async () => {
  const expected = hekaMessages();
  const lines = readFileSync(join(FIXTURES, 'nginx-access.log'), 'utf8').split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(27);
  expect(expected).toHaveLength(27);
  // no share_dir: /usr/share/heka is not installed here, so the package's own copy is used
  const decoder = decoders(`[nginx]\ntype = "SandboxDecoder"\nfilename = "lua_decoders/nginx_access.lua"\n[nginx.config]\ntype = "nginx.access"\nlog_format = '${COMBINED}'\n`).create('nginx');
  for (const [i, line] of lines.entries()) {
    const r = await run(decoder, payloadPack(line, { logger: 'nginx', hostname: 'vm', severity: 7 }));
    if ('error' in r) throw new Error(r.error);
    expect(r.packs).toHaveLength(1);
    expect(comparable(r.packs[0]!.message)).toEqual(comparable(expected[i]!));
  }
});
