// Acceptance (issue 5): Heka's Getting Started graphs and alerts in a real bin/hekad, with the
// Lua from the bundled share_dir. nginx access lines → LogstreamerInput → SandboxDecoder
// (nginx_access.lua) → SandboxFilter (http_status.lua, with an anomaly_config that fires) →
// the cbuf it sends, and the alert it raises written by SandboxEncoder (alert.lua) to a
// FileOutput; heka.statmetric messages over TcpInput → stat_graph.lua → its cbuf. A restart
// with preserve_data keeps http_status's counts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, encodeMessage, Field, frameMessage, Message, ValueType, type Message as HekaMessage } from '@heka/core';
import type { RunningBin } from '@heka/core/testing';
import { openTcp, readRecords, sendAndClose, SLOW, startHekad, stopHekad, waitForRecords } from './net-helpers.js';

const HOSTNAME = 'getting-started.example';
const HOUR = 3600;
const STATUSES = [200, 200, 200, 304, 404, 404, 503, 101, 999];
const STATUS_COLUMNS = ['HTTP_100', 'HTTP_200', 'HTTP_300', 'HTTP_400', 'HTTP_500', 'HTTP_UNKNOWN'];

let dir: string;
let hekad: RunningBin | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-getting-started-')); });
afterEach(() => {
  hekad?.kill();
  hekad = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');
/** nginx's $time_local, in UTC. */
function timeLocal(secs: number): string {
  const d = new Date(secs * 1000);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}
const accessLine = (secs: number, status: number) =>
  `192.168.1.${status % 250} - - [${timeLocal(secs)}] "GET /page/${status} HTTP/1.1" ${status} 612 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"\n`;

/** The Getting Started pipeline (spec plugins §9), with a small window and outputs to files. */
function config(run: string, statPort = 0): string {
  return `
[hekad]
base_dir = "${join(dir, 'base')}"
hostname = "${HOSTNAME}"

[nginx_access_logs]
type = "LogstreamerInput"
splitter = "TokenSplitter"
decoder = "nginx_access_decoder"
log_directory = "${join(dir, 'logs')}"
file_match = 'access\\.log\\.?(?P<Index>\\d+)?(.gz)?'
priority = ["^Index"]

[nginx_access_decoder]
type = "SandboxDecoder"
filename = "lua_decoders/nginx_access.lua"
  [nginx_access_decoder.config]
  type = "nginx.access"
  log_format = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"'

[http_status]
type = "SandboxFilter"
filename = "lua_filters/http_status.lua"
message_matcher = "Type == 'nginx.access'"
preserve_data = true
ticker_interval = 3600
timer_event_on_shutdown = true
  [http_status.config]
  sec_per_row = ${HOUR}
  rows = 4
  anomaly_config = 'roc("HTTP Status", 2, 1, 0, 1.5, false, true)'

[statmetrics]
type = "TcpInput"
address = "127.0.0.1:${statPort}"

[stat_graph]
type = "SandboxFilter"
filename = "lua_filters/stat_graph.lua"
message_matcher = "Type == 'heka.statmetric'"
ticker_interval = 1
preserve_data = true
  [stat_graph.config]
  title = "Hits and Misses"
  rows = 3
  sec_per_row = 10
  stats = "stats.counters.hits.count stats.counters.misses.count"
  stat_labels = "hits misses"

[alert_encoder]
type = "SandboxEncoder"
filename = "lua_encoders/alert.lua"

[alerts]
type = "FileOutput"
message_matcher = "Type == 'heka.sandbox-output' && Fields[payload_type] == 'alert'"
path = "${join(dir, `alerts-${run}.txt`)}"
encoder = "alert_encoder"
flush_interval = 50

[graphs]
type = "FileOutput"
message_matcher = "Type == 'heka.sandbox-output' && Fields[payload_type] == 'cbuf'"
path = "${join(dir, `graphs-${run}.hpb`)}"
encoder = "ProtobufEncoder"
flush_interval = 50

[decoded]
type = "FileOutput"
message_matcher = "Type == 'nginx.access'"
path = "${join(dir, `decoded-${run}.hpb`)}"
encoder = "ProtobufEncoder"
flush_interval = 50
`;
}

const field = (m: HekaMessage, name: string) => m.fields.find((f) => f.name === name)?.values[0];
const graphs = (run: string) => readRecords(join(dir, `graphs-${run}.hpb`)).map((r) => decodeMessage(r.message));

/** cbuf text: the header line, then one tab-separated line per row (oldest first). */
function cbuf(time: number, rows: number, spr: number, columns: string[][], cells: (number | string)[][]): string {
  return `{"time":${time},"rows":${rows},"columns":${columns.length},"seconds_per_row":${spr},"column_info":[`
    + columns.map(([name, unit, aggregation]) => `{"name":"${name}","unit":"${unit}","aggregation":"${aggregation}"}`).join(',')
    + ']}\n' + cells.map((row) => `${row.join('\t')}\n`).join('');
}

/** The http_status window ending at `newest` (seconds) with the test's counts in row `dataHour`. */
function statusWindow(newest: number, dataHour: number): string {
  const start = newest - 3 * HOUR;
  const counts = [1, 3, 1, 2, 1, 1];
  const rows = [0, 1, 2, 3].map((i) => (start + i * HOUR === dataHour ? counts : Array(6).fill('nan')));
  return cbuf(start, 4, HOUR, STATUS_COLUMNS.map((n) => [n, 'count', 'sum']), rows);
}

function statmetric(secs: number, hits: number, misses: number): Buffer {
  return Buffer.from(frameMessage(encodeMessage(Message.create({
    type: 'heka.statmetric',
    hostname: 'stats.example',
    fields: [
      new Field({ name: 'timestamp', valueType: ValueType.INTEGER, values: [BigInt(secs)] }),
      new Field({ name: 'stats.counters.hits.count', valueType: ValueType.DOUBLE, values: [hits] }),
      new Field({ name: 'stats.counters.misses.count', valueType: ValueType.DOUBLE, values: [misses] }),
    ],
  }))));
}

it('http_status counts and alerts, the alert encoder writes the alert, stat_graph graphs statmetrics; a restart keeps the counts', async () => {
  // The alert needs the data in the last complete hour row when hekad stops: not across an hour change.
  const left = HOUR - (Math.floor(Date.now() / 1000) % HOUR);
  if (left < 120) await new Promise((r) => setTimeout(r, (left + 1) * 1000));
  const started = Math.floor(Date.now() / 1000);
  const dataHour = Math.floor(started / HOUR) * HOUR - HOUR;

  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'access.log'), STATUSES.map((s, i) => accessLine(dataHour + 60 + i, s)).join(''));
  const first = await startHekad(dir, config('1'), ['statmetrics']);
  hekad = first.hekad;

  const STAT_TIME = 1_700_000_000; // a whole multiple of 10 s
  const socket = await openTcp(first.ports.get('statmetrics')!);
  await sendAndClose(socket, Buffer.concat([statmetric(STAT_TIME, 5, 1), statmetric(STAT_TIME + 4, 2, 0), statmetric(STAT_TIME + 10, 1, 3)]));
  const statGraph = cbuf(STAT_TIME - 10, 3, 10, [['hits', 'count', 'sum'], ['misses', 'count', 'sum']], [['nan', 'nan'], [7, 1], [1, 3]]);
  // stat_graph sends its graph every second (ticker_interval = 1): wait for one holding all three messages.
  await hekad.waitFor(() => existsSync(join(dir, 'graphs-1.hpb')) && graphs('1').some((m) => m.logger === 'stat_graph' && m.payload === statGraph), SLOW);
  await waitForRecords(hekad, join(dir, 'decoded-1.hpb'), STATUSES.length);
  expect(await stopHekad(hekad)).toBe(0);
  const stopped = Math.floor(Date.now() / 1000);

  const sent = graphs('1');
  const graph = sent.find((m) => m.logger === 'stat_graph')!;
  expect([graph.type, graph.hostname, field(graph, 'payload_type'), field(graph, 'payload_name')])
    .toEqual(['heka.sandbox-output', HOSTNAME, 'cbuf', 'Hits and Misses']);

  // http_status: one graph, sent by timer_event at shutdown; the anomaly detection moved the window to now.
  const status = sent.filter((m) => m.logger === 'http_status');
  expect(status.map((m) => [m.type, m.hostname, field(m, 'payload_type'), field(m, 'payload_name')]))
    .toEqual([['heka.sandbox-output', HOSTNAME, 'cbuf', 'HTTP Status']]);
  const [annotations, ...lines] = status[0]!.payload.split('\n');
  const newest = dataHour + HOUR;
  expect(JSON.parse(annotations!)).toEqual({ annotations: [{ x: newest * 1000, col: 2, shortText: 'A', text: 'unexpected data' }] });
  expect(lines.join('\n')).toBe(statusWindow(newest, dataHour));

  // The alert, as alert.lua writes it (spec §5.16); its time is when the filter raised it.
  const alert = readFileSync(join(dir, 'alerts-1.txt'), 'utf8');
  const match = /^Timestamp: (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\n/.exec(alert);
  expect(match).not.toBeNull();
  const at = Date.parse(match![1]!) / 1000;
  expect(at).toBeGreaterThanOrEqual(started);
  expect(at).toBeLessThanOrEqual(stopped);
  expect(alert.slice(match![0].length)).toBe(`Hostname: ${HOSTNAME}\nPlugin: http_status\nAlert: HTTP Status - algorithm: roc col: 2 msg: unexpected data\n`);

  // Restart: the journal has the log read, preserve_data brings the counts (and the alert throttle) back.
  expect(existsSync(join(dir, 'base', 'sandbox_preservation', 'http_status.data'))).toBe(true);
  hekad = (await startHekad(dir, config('2'), ['statmetrics'])).hekad;
  expect(await stopHekad(hekad)).toBe(0);
  const again = graphs('2').filter((m) => m.logger === 'http_status');
  expect(again).toHaveLength(1);
  const [annotationsAgain, ...linesAgain] = again[0]!.payload.split('\n'); // cjson's key order may differ
  expect(JSON.parse(annotationsAgain!)).toEqual(JSON.parse(annotations!));
  expect(linesAgain).toEqual(lines);
  expect(existsSync(join(dir, 'decoded-2.hpb')) ? readRecords(join(dir, 'decoded-2.hpb')) : []).toEqual([]);
  expect(existsSync(join(dir, 'alerts-2.txt')) ? readFileSync(join(dir, 'alerts-2.txt'), 'utf8') : '').toBe('');
}, 4 * SLOW);
