// Varied, realistic nginx access log lines in the `combined` log_format (IPv4 and IPv6 clients,
// users, methods, paths with ids and queries, statuses, sizes, referers, browsers and bots), for
// the benchmarks. Line i is always the same line.
export const COMBINED = '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

const METHODS = ['GET', 'GET', 'GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD'];
const PATHS = ['/', '/index.html', '/favicon.ico', '/robots.txt', '/static/js/app.4f2a91.js', '/static/css/site.css',
  '/api/v1/orders', '/api/v1/orders/{id}', '/api/v2/users/{id}/profile', '/search?q=heka+lua&page={n}',
  '/images/products/{id}.jpg', '/login', '/logout', '/account/settings', '/feed.xml', '/blog/2026/11/{n}/release-notes'];
const STATUSES = [200, 200, 200, 200, 200, 200, 200, 204, 206, 301, 302, 304, 304, 400, 401, 403, 404, 404, 499, 500, 502, 503];
const REFERERS = ['-', '-', '-', 'https://www.example.com/', 'https://www.google.com/search?q=heka', 'https://shop.example.com/cart?step=2',
  'http://localhost:8080/debug'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64; rv:118.0) Gecko/20100101 Firefox/118.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
  'curl/8.4.0', 'Wget/1.21.4', 'Go-http-client/1.1', 'python-requests/2.31.0', '-',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
];
const USERS = ['-', '-', '-', '-', '-', '-', 'alice', 'bob', 'svc-deploy'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n) => String(n).padStart(2, '0');

/** Line i of the log, and what its decoded message must hold. Deterministic. */
export function line(i) {
  let s = (i + 1) * 2654435761 >>> 0;
  const rand = (n) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const addr = rand(4) === 0 ? `2001:db8::${rand(65536).toString(16)}` : `${[10, 172, 192, 203][rand(4)]}.${rand(256)}.${rand(256)}.${rand(256)}`;
  const status = STATUSES[rand(STATUSES.length)];
  const bytes = status === 204 || status === 304 ? 0 : rand(250_000);
  const path = PATHS[rand(PATHS.length)].replace('{id}', String(rand(1_000_000))).replace('{n}', String(rand(30)));
  const t = Date.UTC(2026, 10, 21, 0, 0, 0) + Math.floor(i / 12) * 1000; // about 12 requests a second
  const d = new Date(t);
  const time = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
  const text = `${addr} - ${USERS[rand(USERS.length)]} [${time}] "${METHODS[rand(METHODS.length)]} ${path} HTTP/${rand(3) ? '1.1' : '2.0'}" ${status} ${bytes} "${REFERERS[rand(REFERERS.length)]}" "${AGENTS[rand(AGENTS.length)]}"`;
  return { text, addr, status, bytes, timestampNs: BigInt(t) * 1_000_000n };
}

