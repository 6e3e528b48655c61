// unique_items.lua (from the bundled share_dir) in a real bin/hekad: framed messages over
// TcpInput → SandboxFilter(unique_items.lua) → its cbuf of daily distinct uids in a FileOutput;
// a restart with preserve_data brings the day's hyperloglog back, so uids seen before are not
// counted twice.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, encodeMessage, Field, frameMessage, Message, ValueType } from '@heka/core';
import type { RunningBin } from '@heka/core/testing';
import { openTcp, readRecords, sendAndClose, SLOW, startHekad, stopHekad } from './net-helpers.js';

const DAY = 86_400;
const TODAY = 19_700 * DAY; // the messages' UTC day, well in the past: the cbuf follows the messages' time

let dir: string;
let hekad: RunningBin | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-unique-items-')); });
afterEach(() => {
  hekad?.kill();
  hekad = undefined;
  rmSync(dir, { recursive: true, force: true });
});

function config(run: string): string {
  return `
[hekad]
base_dir = "${join(dir, 'base')}"

[events]
type = "TcpInput"
address = "127.0.0.1:0"

[daily_users]
type = "SandboxFilter"
filename = "lua_filters/unique_items.lua"
message_matcher = "Type == 'request.summary'"
ticker_interval = 1
preserve_data = true
  [daily_users.config]
  message_variable = "Fields[uid]"
  title = "Estimated Active Daily Users"

[graphs]
type = "FileOutput"
message_matcher = "Type == 'heka.sandbox-output'"
path = "${join(dir, `graphs-${run}.hpb`)}"
encoder = "ProtobufEncoder"
flush_interval = 50
`;
}

const request = (uid: string, secs: number) => frameMessage(encodeMessage(Message.create({
  type: 'request.summary',
  timestamp: BigInt(secs) * 1_000_000_000n,
  fields: [new Field({ name: 'uid', valueType: ValueType.STRING, values: [uid] })],
})));

const graphs = (run: string) => (existsSync(join(dir, `graphs-${run}.hpb`)) ? readRecords(join(dir, `graphs-${run}.hpb`)) : [])
  .map((r) => decodeMessage(r.message));
/** The last row of each cbuf sent so far (today's estimate). */
const todays = (run: string) => graphs(run).map((m) => m.payload.trimEnd().split('\n').at(-1));

async function runWith(run: string, uids: string[], expected: string): Promise<void> {
  const started = await startHekad(dir, config(run), ['events']);
  hekad = started.hekad;
  const socket = await openTcp(started.ports.get('events')!);
  await sendAndClose(socket, Buffer.concat(uids.map((u, i) => request(u, TODAY + 60 + i))));
  await hekad.waitFor(() => todays(run).includes(expected), SLOW);
  expect(await stopHekad(hekad)).toBe(0);
  hekad = undefined;
}

it('counts the distinct uids of the day into a 365-day cbuf; preserve_data keeps them across a restart', async () => {
  await runWith('1', ['alice', 'bob', 'carol', 'alice', 'bob', 'dave'], '4');
  const sent = graphs('1');
  const m = sent.at(-1)!;
  const field = (name: string) => m.fields.find((f) => f.name === name)?.values[0];
  expect([m.type, m.logger, field('payload_type'), field('payload_name')])
    .toEqual(['heka.sandbox-output', 'daily_users', 'cbuf', 'Estimated Active Daily Users']);
  const [header, ...days] = m.payload.trimEnd().split('\n');
  expect(JSON.parse(header!)).toEqual({
    time: TODAY - 364 * DAY, rows: 365, columns: 1, seconds_per_row: DAY,
    column_info: [{ name: 'uid', unit: 'count', aggregation: 'sum' }],
  });
  expect(days).toEqual([...Array(364).fill('nan'), '4']);
  expect(existsSync(join(dir, 'base', 'sandbox_preservation', 'daily_users.data'))).toBe(true);

  // alice and dave were counted before the restart; erin is new
  await runWith('2', ['alice', 'dave', 'erin'], '5');
  expect(todays('2').filter((d) => d !== '4' && d !== '5')).toEqual([]);
}, 4 * SLOW);
