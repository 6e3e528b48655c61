#!/usr/bin/env node
// The README's demo: hekad running bundled configs on bundled logs, hekad -check on a good and
// a broken config, and heka-cat on bundled stream files.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const baseDir = mkdtempSync(join(tmpdir(), 'heka-demo-'));

const steps = [
  {
    title: "Heka's simplest config: tail rotated nginx logs (oldest first, .gz included) and print them; stopped after 2 s",
    command: 'hekad', args: ['-config=fixtures/configs/demo/getting-started.toml'], stopAfterMs: 2000,
  },
  {
    title: 'Pipe a log into hekad; only the 5xx lines are printed, and hekad exits when the input ends',
    command: 'hekad', args: ['-config=fixtures/configs/demo/stdin-errors.toml'], stdin: 'fixtures/logs/nginx-rotated/access.log.1',
  },
  { title: 'Validate a Getting-Started config', command: 'hekad', args: ['-config=fixtures/configs/valid/getting-started.toml', '-check'] },
  {
    title: 'What hekad says about a config with mistakes in it (exit status 1 is expected)',
    command: 'hekad', args: ['-config=fixtures/configs/invalid/several-problems.toml', '-check'], expected: 1,
  },
  {
    title: 'Count the server errors in a stream of 1,000 nginx access messages',
    command: 'heka-cat', args: ['-format=count', "-match=Type == 'nginx.access' && Fields[status] >= 500", 'fixtures/streams/web-access.hpb'],
  },
  {
    title: "Print the slowest 503 in Heka's txt layout",
    command: 'heka-cat', args: ['-format=txt', '-match=Fields[status] == 503 && Fields[request_time] > 1.95', 'fixtures/streams/web-access.hpb'],
  },
  {
    title: 'Read a damaged stream: corruption is reported with its offset, good records still come through',
    command: 'heka-cat', args: ['-format=json', "-match=Type == 'fixture.corrupt'", 'fixtures/streams/corrupt.hpb'],
  },
];

function shown(args) {
  return args.map((a) => (/[\s'"&|<>=!]/.test(a.replace(/^-[a-z-]+=/, '')) ? a.replace(/=(.*)$/, '="$1"') : a)).join(' ');
}

function run({ command, args, stdin, stopAfterMs }) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', command), ...args], {
      cwd: root,
      env: { ...process.env, HEKA_DEMO_BASE_DIR: baseDir },
      stdio: [stdin ? openSync(join(root, stdin), 'r') : 'ignore', 'inherit', 'inherit'],
    });
    const timer = stopAfterMs && setTimeout(() => child.kill('SIGTERM'), stopAfterMs);
    child.on('exit', (code) => { clearTimeout(timer); resolve(code); });
  });
}

let failed = 0;
for (const step of steps) {
  process.stdout.write(`\n# ${step.title}\n$ bin/${step.command} ${shown(step.args)}${step.stdin ? ` < ${step.stdin}` : ''}\n`);
  const code = await run(step);
  if (code !== (step.expected ?? 0)) {
    failed++;
    process.stdout.write(`!! expected exit status ${step.expected ?? 0}, got ${code}\n`);
  }
}
rmSync(baseDir, { recursive: true, force: true });
process.exit(failed > 0 ? 1 : 0);
