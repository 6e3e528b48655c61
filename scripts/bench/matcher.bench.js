// Message matcher throughput: evaluations per second of compiled matchers on typical nginx
// access-log messages (about 10 fields, `status` an INTEGER field).
// Run `pnpm build` first. Prints one JSON line per case, then a summary line.
//   node scripts/bench/matcher.bench.js [--seconds=1]
import { cpus } from 'node:os';
import { compileMatcher, Field, Message, ValueType } from '../../packages/core/dist/index.js';

const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 1);

function accessLog(i, status) {
  const s = (name, value) => new Field({ name, valueType: ValueType.STRING, values: [value] });
  const n = (name, value) => new Field({ name, valueType: ValueType.INTEGER, values: [BigInt(value)] });
  return Message.create({
    type: 'nginx.access',
    logger: 'nginx',
    hostname: 'web-1.example.com',
    severity: 6,
    pid: 4242,
    payload: `10.0.0.${i % 250} - alice [21/Nov/2026:10:00:00 +0000] "GET /api/v1/items/${i} HTTP/1.1" ${status} 512 "-" "curl/8.5.0"`,
    fields: [
      s('remote_addr', `10.0.0.${i % 250}`),
      s('remote_user', i % 2 ? 'alice' : 'bob'),
      s('request', `GET /api/v1/items/${i} HTTP/1.1`),
      s('request_method', 'GET'),
      n('status', status),
      n('body_bytes_sent', 512 + i),
      s('http_referer', '-'),
      s('http_user_agent', i % 3 ? 'curl/8.5.0' : 'Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0'),
      new Field({ name: 'request_time', valueType: ValueType.DOUBLE, values: [0.002 * (i % 50)] }),
      s('upstream_addr', '127.0.0.1:8080'),
    ],
  });
}

// 64 messages, 1 in 4 a server error, so branches are not all taken the same way.
const messages = Array.from({ length: 64 }, (_, i) => accessLog(i, i % 4 === 0 ? 503 : 200));
const errorsOnly = messages.filter((m) => m.fields[4].values[0] >= 500n);

const CASES = [
  { name: 'type+status (headline)', expr: "Type == 'nginx.access' && Fields[status] >= 500", msgs: messages },
  { name: 'type+status, all hits', expr: "Type == 'nginx.access' && Fields[status] >= 500", msgs: errorsOnly },
  { name: 'miss on Type', expr: "Type == 'syslog' && Fields[status] >= 500", msgs: messages },
  { name: 'string field', expr: "Fields[remote_user] == 'alice'", msgs: messages },
  { name: 'regex on field', expr: 'Fields[http_user_agent] =~ /(?i)firefox|chrome/', msgs: messages },
  { name: 'regex on payload', expr: 'Payload =~ /" 5\\d\\d /', msgs: messages },
  { name: 'prefix regex', expr: 'Fields[request] =~ /^GET \\/api\\//', msgs: messages },
  { name: 'missing field', expr: 'Fields[upstream_status] == NIL || Severity < 4', msgs: messages },
];

function run(matcher, msgs, iterations) {
  let hits = 0;
  const mask = msgs.length - 1; // lengths are powers of two
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) if (matcher.match(msgs[i & mask])) hits++;
  return { ns: Number(process.hrtime.bigint() - start), hits };
}

const results = [];
for (const c of CASES) {
  const matcher = compileMatcher(c.expr);
  const msgs = c.msgs.length === 64 ? c.msgs : [...c.msgs, ...c.msgs, ...c.msgs, ...c.msgs];
  run(matcher, msgs, 2_000_000); // warm up: let V8 optimise
  let iterations = 1_000_000;
  while (run(matcher, msgs, iterations).ns < 1e8) iterations *= 2; // calibrate to ≥ 0.1 s
  const rates = [];
  let hits = 0;
  for (let round = 0; round < 5; round++) {
    const n = Math.round((iterations * seconds * 1e9) / 1e8 / 5);
    const r = run(matcher, msgs, n);
    rates.push((n / r.ns) * 1e9);
    hits = r.hits / n;
  }
  rates.sort((a, b) => a - b);
  const line = { bench: 'matcher', case: c.name, expr: c.expr, evalsPerSec: Math.round(rates[2]), nsPerEval: +(1e9 / rates[2]).toFixed(1), matchRatio: +hits.toFixed(3) };
  results.push(line);
  console.log(JSON.stringify(line));
}
// As the router runs them: every matcher on every message, so call sites see many closures.
{
  const matchers = CASES.map((c) => compileMatcher(c.expr));
  const all = { match: (m) => { let any = false; for (const x of matchers) any = x.match(m) || any; return any; } };
  run(all, messages, 500_000);
  const n = Math.round(500_000 * seconds);
  const r = run(all, messages, n);
  const line = { bench: 'matcher', case: `router: all ${matchers.length} matchers on each message`, evalsPerSec: Math.round((n * matchers.length / r.ns) * 1e9), nsPerEval: +(r.ns / n / matchers.length).toFixed(1) };
  results.push(line);
  console.log(JSON.stringify(line));
}
console.log(JSON.stringify({ bench: 'matcher', summary: true, node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, headlineEvalsPerSec: results[0].evalsPerSec }));
