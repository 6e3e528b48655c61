// Acceptance with a real nginx (Debian's package): it serves a few requests and writes its access
// log with a custom log_format; bin/hekad reads that log (LogstreamerInput → SandboxDecoder
// nginx_access.lua from the bundled share_dir → ProtobufEncoder → FileOutput) and heka-cat
// reads the result back. Skipped only when nginx is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBin, startBin, type RunningBin } from '@heka/core/testing';

const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => existsSync(p));
const NO_NGINX = 'skipped: nginx is not installed (apt-get install -y nginx-light to run it)';

const LOG_FORMAT = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" '
  + '$request_time $bytes_sent $request_length $connection $connection_requests $pid $server_port "$host" $request_method';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const PAGE = '<h1>hello from nginx</h1>\n';

let dir: string;
let nginx: ChildProcess | undefined;
let hekad: RunningBin | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-nginx-')); });
afterEach(() => {
  nginx?.kill('SIGKILL');
  nginx = undefined;
  hekad?.kill();
  hekad = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A port the kernel just handed out (bound to port 0, then released for nginx). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

function nginxConf(port: number): string {
  const temp = (name: string) => `${name}_temp_path ${join(dir, 'tmp', name)};`;
  return `
daemon off;
master_process off;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 64; }
http {
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  log_format heka '${LOG_FORMAT}';
  access_log ${join(dir, 'logs', 'access.log')} heka;
  server {
    listen 127.0.0.1:${port};
    root ${join(dir, 'html')};
    location /teapot { return 418; }
  }
}
`;
}

interface Sent { method: string; path: string; headers: Record<string, string>; body?: string }
interface Got { status: number; bytes: number }

function send(port: number, r: Sent): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: r.headers, agent: false }, (res) => { // agent: false: a connection per request
      let bytes = 0;
      res.on('data', (d: Buffer) => { bytes += d.length; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
    });
    req.on('error', reject);
    req.end(r.body);
  });
}

async function until(test: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const lineCount = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').length - 1 : 0);

interface JsonField { name: string; value_type?: number; representation?: string; value_string?: string[]; value_double?: number[] }
interface JsonMessage { type: string; logger: string; timestamp: number | string; payload?: string; fields: JsonField[] }

const VALUE_TYPES = ['STRING', 'BYTES', 'INTEGER', 'DOUBLE', 'BOOL'];

/** name → [value, value type, representation] from heka-cat's JSON. */
function fieldMap(m: JsonMessage): Record<string, [unknown, string, string]> {
  return Object.fromEntries(m.fields.map((f) => [f.name, [(f.value_string ?? f.value_double)?.[0], VALUE_TYPES[f.value_type ?? 0]!, f.representation ?? '']]));
}

(NGINX ? describe : describe.skip)(`real nginx access log through hekad${NGINX ? '' : ` (${NO_NGINX})`}`, () => {
  it('decodes every request into the fields of spec §5.7', async () => {
    for (const d of ['logs', 'html', 'tmp', 'base']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'html', 'index.html'), PAGE);
    const port = await freePort();
    writeFileSync(join(dir, 'nginx.conf'), nginxConf(port));
    nginx = spawn(NGINX!, ['-p', dir, '-e', join(dir, 'error.log'), '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let nginxErr = '';
    nginx.stderr!.on('data', (d: Buffer) => { nginxErr += d.toString(); });
    await until(() => existsSync(join(dir, 'nginx.pid')) || nginx!.exitCode !== null, 'nginx to start');
    expect({ exit: nginx.exitCode, stderr: nginxErr }).toEqual({ exit: null, stderr: '' });

    const requests: Sent[] = [
      { method: 'GET', path: '/index.html', headers: { 'User-Agent': FIREFOX, Referer: 'http://example.com/start' } },
      { method: 'GET', path: '/missing?q=1', headers: { 'User-Agent': CHROME } },
      { method: 'POST', path: '/teapot', headers: { 'User-Agent': 'curl/8.5.0', 'Content-Type': 'text/plain' }, body: 'x'.repeat(100) },
      { method: 'HEAD', path: '/index.html', headers: { Host: 'www.example.org' } },
    ];
    const started = Date.now();
    const got: Got[] = [];
    for (const r of requests) got.push(await send(port, r)); // one after another: log order = request order
    const logFile = join(dir, 'logs', 'access.log');
    await until(() => lineCount(logFile) >= requests.length, 'nginx to log the requests');
    const nginxPid = Number(readFileSync(join(dir, 'nginx.pid'), 'utf8'));

    const out = join(dir, 'out.hpb');
    writeFileSync(join(dir, 'hekad.toml'), `
[hekad]
base_dir = "${join(dir, 'base')}"

[nginx_logs]
type = "LogstreamerInput"
log_directory = "${join(dir, 'logs')}"
file_match = 'access\\.log'
decoder = "nginx_decoder"

[nginx_decoder]
type = "SandboxDecoder"
filename = "lua_decoders/nginx_access.lua"
  [nginx_decoder.config]
  type = "nginx.access"
  log_format = '${LOG_FORMAT}'
  user_agent_transform = true
  user_agent_conditional = true

[file]
type = "FileOutput"
message_matcher = "Type == 'nginx.access'"
path = "${out}"
encoder = "ProtobufEncoder"
`);
    hekad = startBin('hekad', [`-config=${join(dir, 'hekad.toml')}`]);
    const count = () => (existsSync(out) && statSync(out).size > 0 ? Number(runBin('heka-cat', ['-format=count', out]).stderr.match(/matched: (\d+)/)?.[1] ?? 0) : 0);
    await until(() => count() >= requests.length, 'hekad to write the decoded messages', 30_000);
    hekad.kill('SIGTERM');
    expect(await hekad.exited).toEqual({ code: 0, signal: null });
    expect(hekad.stderr).toBe('');

    const cat = runBin('heka-cat', ['-format=json', out]);
    const messages = cat.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as JsonMessage);
    expect(messages).toHaveLength(requests.length);

    const fields = messages.map(fieldMap);
    for (const [i, m] of messages.entries()) {
      const r = requests[i]!;
      const f = fields[i]!;
      expect({ type: m.type, logger: m.logger, payload: m.payload ?? '' }).toEqual({ type: 'nginx.access', logger: 'nginx_logs', payload: '' });
      // $time_local: whole seconds, between the first request and now
      const ts = Number(BigInt(m.timestamp) / 1_000_000n);
      expect(ts % 1000).toBe(0);
      expect(ts).toBeGreaterThanOrEqual(Math.floor(started / 1000) * 1000);
      expect(ts).toBeLessThanOrEqual(Date.now());
      expect(f['remote_addr']).toEqual(['127.0.0.1', 'STRING', 'ipv4']);
      expect(f['remote_user']).toEqual(['-', 'STRING', '']);
      expect(f['request']).toEqual([`${r.method} ${r.path} HTTP/1.1`, 'STRING', '']);
      expect(f['request_method']).toEqual([r.method, 'STRING', '']);
      expect(f['status']).toEqual([got[i]!.status, 'DOUBLE', '']);
      expect(f['http_referer']).toEqual([r.headers['Referer'] ?? '-', 'STRING', '']);
      expect(f['host']).toEqual(r.headers['Host'] ? [r.headers['Host'], 'STRING', 'hostname'] : ['127.0.0.1', 'STRING', 'ipv4']);
      expect(f['body_bytes_sent']).toEqual([r.method === 'HEAD' ? 0 : got[i]!.bytes, 'DOUBLE', 'B']);
      expect(f['bytes_sent']![1]).toBe('DOUBLE');
      expect(f['bytes_sent']![0]).toBeGreaterThan(f['body_bytes_sent']![0] as number); // headers too
      expect(f['bytes_sent']![2]).toBe('B');
      expect(f['request_length']![2]).toBe('B');
      expect(f['request_length']![0]).toBeGreaterThan(r.body?.length ?? 0);
      expect(f['request_time']![1]).toBe('DOUBLE');
      expect(f['request_time']![2]).toBe('s');
      expect(f['connection']![1]).toBe('DOUBLE');
      expect(f['connection_requests']).toEqual([1, 'DOUBLE', '']); // a new connection per request
      expect(f['pid']).toEqual([nginxPid, 'DOUBLE', '']);
      expect(f['server_port']).toEqual([port, 'DOUBLE', '']);
    }
    expect(fields.map((f) => f['status']![0])).toEqual([200, 404, 418, 200]);
    // user agents: recognised ones are replaced by browser/version/os; the others kept (conditional)
    expect(fields.map((f) => [f['user_agent_browser']?.[0], f['user_agent_version']?.[0], f['user_agent_os']?.[0], f['http_user_agent']?.[0]])).toEqual([
      ['Firefox', 121, 'Linux', undefined],
      ['Chrome', 120, 'Windows 10', undefined],
      [undefined, undefined, undefined, 'curl/8.5.0'],
      [undefined, undefined, undefined, '-'],
    ]);
    expect(fields[0]!['user_agent_version']![1]).toBe('DOUBLE');
    expect(new Set(fields.map((f) => f['connection']![0])).size).toBe(requests.length);
  });
});
