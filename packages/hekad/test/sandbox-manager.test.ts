// SandboxManagerFilter in a real bin/hekad, driven by the real bin/heka-sbmgr and
// bin/heka-sbmgrload over TCP: filters loaded, run, unloaded and reloaded after a restart;
// unsigned, wrongly signed, stale and wrongly typed control messages refused while hekad carries on.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Field, Message, encodeMessage, frameMessage, nowNs, type Signer } from '@heka/core';
import { runBin, type RunningBin } from '@heka/core/testing';
import { SLOW, openTcp, reportValue, sendAndClose, startHekad, stopHekad, textReport } from './net-helpers.js';

const KEY = 'sbmgr test key';
const OPS: Signer = { name: 'ops', hmacHash: 'md5', key: KEY, version: 0 };

let dir: string;
let hekad: RunningBin | undefined;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'hekad-sbxmgr-')); });
afterEach(() => {
  hekad?.kill();
  hekad = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** Counts the messages of Type 'test' and says so with each one. */
const COUNTER = `
require "string"
n = 0
function process_message()
  n = n + 1
  inject_payload("txt", "count", string.format("%s seen %d", read_config("label"), n))
  return 0
end
`;
const counterConfig = (name: string, type = 'SandboxFilter') =>
  `[${name}]\ntype = "${type}"\nmessage_matcher = "Type == 'test'"\npreserve_data = true\n[${name}.config]\nlabel = "${name}"\n`;

const workdir = () => join(dir, 'base', 'sbxmgrs');
const stdout = (h: RunningBin) => h.stdout.toString();

/** hekad with a signed TcpInput, the manager and a LogOutput printing what sandboxes say; returns its port. */
async function startManaged(maxFilters = 2): Promise<number> {
  const started = await startHekad(dir, `
[hekad]
log_flags = 0
base_dir = "${join(dir, 'base')}"

[tcp]
type = "TcpInput"
address = "127.0.0.1:0"
[tcp.signer.ops_0]
hmac_key = "${KEY}"

[Mgr]
type = "SandboxManagerFilter"
message_signer = "ops"
max_filters = ${maxFilters}

[PayloadEncoder]

[LogOutput]
message_matcher = "Type == 'heka.sandbox-output' || Type == 'heka.sandbox-terminated' || Type == 'heka.terminated'"
encoder = "PayloadEncoder"
`, ['tcp']);
  hekad = started.hekad;
  const port = started.ports.get('tcp')!;
  writeFileSync(join(dir, 'sbmgr.toml'), `ip_address = "127.0.0.1:${port}"\n[signer]\nname = "ops"\nhmac_hash = "md5"\nhmac_key = "${KEY}"\nversion = 0\n`);
  return port;
}

function sbmgr(args: string[]): void {
  const run = runBin('heka-sbmgr', [`-config=${join(dir, 'sbmgr.toml')}`, ...args], { timeoutMs: SLOW });
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
}

function loadWithSbmgr(name: string, type?: string): void {
  writeFileSync(join(dir, `${name}.lua`), COUNTER);
  writeFileSync(join(dir, `${name}.toml`), counterConfig(name, type));
  sbmgr(['-action=load', `-script=${join(dir, `${name}.lua`)}`, `-scriptconfig=${join(dir, `${name}.toml`)}`]);
}

async function send(port: number, frames: Uint8Array[]): Promise<void> {
  await sendAndClose(await openTcp(port), Buffer.concat(frames));
}

const framed = (message: Message, signer?: Signer) => frameMessage(encodeMessage(message), signer);
const testMessage = (type = 'test') => framed(Message.create({ type, payload: 'x' }));
const loadControl = (name: string, timestamp = nowNs()) => Message.create({
  type: 'heka.control.sandbox', logger: 'hekad', timestamp, payload: COUNTER,
  fields: [Field.of('config', counterConfig(name), 'toml'), Field.of('action', 'load')],
});

describe('SandboxManagerFilter with heka-sbmgr (bin/hekad on 127.0.0.1)', () => {
  it('loads a filter that runs, keeps it across a restart with its data, and unloads it', async () => {
    let port = await startManaged();
    loadWithSbmgr('Count');
    await hekad!.waitFor((h) => stdout(h).includes("Plugin 'Mgr': Loading: Mgr-Count"), SLOW);
    await send(port, [testMessage(), testMessage(), testMessage(), testMessage('other')]);
    await hekad!.waitFor((h) => stdout(h).includes('Count seen 3\n'), SLOW);
    expect(readdirSync(workdir()).sort()).toEqual(['Mgr-Count.lua', 'Mgr-Count.toml']);
    expect(await stopHekad(hekad!)).toBe(0);

    port = await startManaged();
    await hekad!.waitFor((h) => stdout(h).includes("Plugin 'Mgr': Loading: Mgr-Count"), SLOW);
    await send(port, [testMessage()]);
    await hekad!.waitFor((h) => stdout(h).includes('Count seen 4\n'), SLOW);

    sbmgr(['-action=unload', '-filtername=Count']);
    await hekad!.waitFor((h) => stdout(h).includes('Mgr-Count (type SandboxFilter) terminated. Error: Filter unloaded.\n'), SLOW);
    expect(readdirSync(workdir())).toEqual([]);
    expect(existsSync(join(dir, 'base', 'sandbox_preservation', 'Mgr_Count.data'))).toBe(true);
    const report = await textReport(hekad!);
    expect(report).toContain('\nMgr:\n');
    expect(report).not.toContain('\nMgr-Count:\n');
    expect(await stopHekad(hekad!)).toBe(0);
    expect(stdout(hekad!)).not.toContain('Count seen 5');
  });

  it('refuses unsigned, wrongly signed, stale and wrongly typed control messages and too many filters, and carries on', async () => {
    const port = await startManaged();
    await send(port, [
      framed(loadControl('Unsigned')),
      framed(loadControl('BadKey'), { ...OPS, key: 'not the key' }),
      framed(loadControl('Stale', nowNs() - 10_000_000_000n), OPS),
    ]);
    await hekad!.waitFor((h) => h.stderr.includes("Plugin 'Mgr' error: Discarded control message: 10 seconds skew"), SLOW);

    loadWithSbmgr('Typed', 'SandboxInput');
    await hekad!.waitFor((h) => stdout(h).includes('Plugin must be a SandboxFilter, received SandboxInput\n'), SLOW);
    expect(hekad!.stderr).toContain("Plugin 'Mgr' error: Plugin must be a SandboxFilter, received SandboxInput");

    loadWithSbmgr('A');
    loadWithSbmgr('B');
    loadWithSbmgr('C');
    await hekad!.waitFor((h) => h.stderr.includes("Plugin 'Mgr' error: Mgr attempted to load more than 2 filters"), SLOW);
    await send(port, [testMessage()]);
    await hekad!.waitFor((h) => stdout(h).includes('A seen 1\n') && stdout(h).includes('B seen 1\n'), SLOW);

    expect(stdout(hekad!).match(/Loading: \S+/g)).toEqual(['Loading: Mgr-Typed', 'Loading: Mgr-A', 'Loading: Mgr-B']);
    expect(readdirSync(workdir()).sort()).toEqual(['Mgr-A.lua', 'Mgr-A.toml', 'Mgr-B.lua', 'Mgr-B.toml']);
    const report = await textReport(hekad!);
    expect(reportValue(report, 'tcp', 'DropBadHmacCount')).toBe(1);
    expect(hekad!.child.exitCode).toBeNull();
    expect(await stopHekad(hekad!)).toBe(0);
  });
});

describe('heka-sbmgrload against bin/hekad', () => {
  it('loads its counting filters, which report the hekabench messages they see, and unloads them', async () => {
    const port = await startManaged(2);
    writeFileSync(join(dir, 'sbmgrload.toml'), `ip_address = "127.0.0.1:${port}"\n[signer]\nname = "ops"\nhmac_hash = "md5"\nhmac_key = "${KEY}"\nversion = 0\n`);
    const load = runBin('heka-sbmgrload', [`-config=${join(dir, 'sbmgrload.toml')}`, '-action=load', '-num=2'], { timeoutMs: SLOW });
    expect(load.code).toBe(0);
    await hekad!.waitFor((h) => /Loading: Mgr-CounterSandbox0\n[\s\S]*Loading: Mgr-CounterSandbox1\n/.test(stdout(h)), SLOW);
    await send(port, Array.from({ length: 50 }, () => testMessage('hekabench')));
    // Each counter's next tick reports the 50 messages.
    await hekad!.waitFor((h) => (stdout(h).match(/^Got 50 messages\. \d+\.\d\d msg\/sec$/gm) ?? []).length === 2, SLOW);

    const unload = runBin('heka-sbmgrload', [`-config=${join(dir, 'sbmgrload.toml')}`, '-action=unload', '-num=2'], { timeoutMs: SLOW });
    expect(unload.code).toBe(0);
    await hekad!.waitFor((h) => (stdout(h).match(/^Mgr-CounterSandbox\d \(type SandboxFilter\) terminated\. Error: Filter unloaded\.$/gm) ?? []).length === 2, SLOW);
    expect(readdirSync(workdir())).toEqual([]);
    expect(await stopHekad(hekad!)).toBe(0);
  });
});
