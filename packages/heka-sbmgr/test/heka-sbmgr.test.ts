// heka-sbmgr as users run it (bin/heka-sbmgr) against a FrameSink on 127.0.0.1: the signed
// control message is checked field by field, its HMAC verified, and compared with what Heka
// 0.10's heka-sbmgr sent for the same script and config.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueType, decodeMessage, encodeMessage, frameMessage, serverTlsOptions, verifyRecord } from '@heka/core';
import { FrameSink, decodeTlsSettings, makeTestCertificates, repoRoot } from '@heka/core/testing';
import { closedPort, fieldsOf, records, run, verified, writeFile } from './run.js';

const CAPTURE = join(repoRoot, '..', 'shared', 'fixtures', 'heka-streams', 'sbmgr-load-signed.hpb');
// The key the capture was signed with (shared/fixtures/README.md).
const KEY = '4865ey9urgkidls xtb0[7lf9rzcivthkm';
const OPS_SIGNER = `[signer]\nname = "ops"\nhmac_hash = "md5"\nhmac_key = "${KEY}"\nversion = 0\n`;

let dir: string;
let sink: FrameSink;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heka-sbmgr-'));
  sink = await FrameSink.start();
});
afterEach(async () => {
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = (body: string): string => writeFile(dir, 'sbmgr.toml', `ip_address = "${sink.address}"\n${body}`);

/** Lets a connection that should not happen reach the sink before checking it did not. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 200));

describe('heka-sbmgr -action=load', () => {
  it('sends what Heka\'s heka-sbmgr sent for the same script and config (uuid, timestamp, hostname and HMAC aside)', async () => {
    const [heka] = records(readFileSync(CAPTURE));
    const hekaMsg = verified(heka!, 'ops', 0, KEY);
    const script = writeFile(dir, 'filter.lua', hekaMsg.payload);
    const scriptConfig = writeFile(dir, 'filter.toml', hekaMsg.fields[0]!.text()!);

    const result = await run('heka-sbmgr', ['-config', config(OPS_SIGNER), '-action=load', '-script', script, '-scriptconfig', scriptConfig]);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    await sink.waitFor(1);
    expect(sink.records).toHaveLength(1);
    const ours = sink.records[0]!;
    const msg = verified(ours, 'ops', 0, KEY);

    // Same header but for the HMAC: MD5 (hash function left out), signer ops, version 0.
    expect({ ...ours.header, hmac: ours.header.hmac?.length }).toEqual({ ...heka!.header, hmac: 16 });
    expect(fieldsOf(msg)).toEqual([
      ['config', ValueType.STRING, 'toml', [readFileSync(scriptConfig, 'utf8')]],
      ['action', ValueType.STRING, '', ['load']],
    ]);
    expect([msg.type, msg.logger, msg.payload, msg.hostname]).toEqual(['heka.control.sandbox', 'hekad', readFileSync(script, 'utf8'), hostname()]);
    expect(msg.uuid).toHaveLength(16);
    expect(Number(msg.timestamp / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);

    // With Heka's uuid, timestamp and hostname put in, the message and the whole signed record
    // are Heka's byte for byte (field order, explicit value_type and representation included).
    msg.uuid = hekaMsg.uuid;
    msg.timestamp = hekaMsg.timestamp;
    msg.hostname = hekaMsg.hostname;
    const bytes = encodeMessage(msg);
    expect(Buffer.from(bytes)).toEqual(Buffer.from(heka!.message));
    expect(Buffer.from(frameMessage(bytes, { name: 'ops', hmacHash: 'md5', key: KEY, version: 0 }))).toEqual(Buffer.from(heka!.record));
  });

  it('is refused by a receiver holding another key', async () => {
    const script = writeFile(dir, 'a.lua', 'function process_message() return 0 end\n');
    const scriptConfig = writeFile(dir, 'a.toml', '[A]\ntype = "SandboxFilter"\n');
    const result = await run('heka-sbmgr', ['-config', config(OPS_SIGNER), '-script', script, '-scriptconfig', scriptConfig]);
    expect(result.code).toBe(0);
    await sink.waitFor(1);
    const { header, message } = sink.records[0]!;
    expect(verifyRecord(header, message, new Map([['ops_0', 'not the key']]))).toMatchObject({ ok: false, reason: 'bad-hmac' });
    expect(verifyRecord(header, message, new Map([['ops_1', KEY]]))).toMatchObject({ ok: false, reason: 'unknown-signer' });
  });

  it('signs with HMAC-SHA1 when hmac_hash = "sha1"', async () => {
    const script = writeFile(dir, 'a.lua', '-- empty\n');
    const scriptConfig = writeFile(dir, 'a.toml', '[A]\ntype = "SandboxFilter"\n');
    const cfg = config(`[signer]\nname = "deploy"\nhmac_hash = "sha1"\nhmac_key = "s3cret"\nversion = 7\n`);
    const result = await run('heka-sbmgr', ['-config', cfg, '-script', script, '-scriptconfig', scriptConfig]);
    expect(result.code).toBe(0);
    await sink.waitFor(1);
    const record = sink.records[0]!;
    expect([record.header.hmac_hash_function, record.header.hmac_signer, record.header.hmac_key_version, record.header.hmac?.length]).toEqual([1, 'deploy', 7, 20]);
    expect(verified(record, 'deploy', 7, 's3cret').payload).toBe('-- empty\n');
  });

  it('sends the files\' bytes as they are, even when they are not UTF-8 (as Heka did)', async () => {
    const latin1 = Buffer.from('-- caf\xe9\n', 'latin1');
    const script = writeFile(dir, 'a.lua', latin1);
    const scriptConfig = writeFile(dir, 'a.toml', Buffer.from('[A]\ntype = "SandboxFilter" # \xff\n', 'latin1'));
    const result = await run('heka-sbmgr', ['-config', config(OPS_SIGNER), '-script', script, '-scriptconfig', scriptConfig]);
    expect(result.code).toBe(0);
    await sink.waitFor(1);
    const msg = verified(sink.records[0]!, 'ops', 0, KEY);
    expect(Buffer.from(msg._payload as Uint8Array)).toEqual(latin1);
    expect(Buffer.from(msg.fields[0]!.values[0] as Uint8Array)).toEqual(readFileSync(scriptConfig));
  });

  it('reports a missing -script or -scriptconfig file and sends nothing', async () => {
    const cfg = config(OPS_SIGNER);
    const scriptConfig = writeFile(dir, 'a.toml', '[A]\ntype = "SandboxFilter"\n');
    const noScript = await run('heka-sbmgr', ['-config', cfg, '-script', join(dir, 'nope.lua'), '-scriptconfig', scriptConfig]);
    expect(noScript.code).toBe(1);
    expect(noScript.stderr).toMatch(new RegExp(`^heka-sbmgr: Error reading scriptFile: open ${join(dir, 'nope.lua')}: no such file or directory\n  hint: point -script at the Lua file`));
    const script = writeFile(dir, 'a.lua', '');
    const noConfig = await run('heka-sbmgr', ['-config', cfg, '-script', script, '-scriptconfig', join(dir, 'nope.toml')]);
    expect(noConfig.code).toBe(1);
    expect(noConfig.stderr).toMatch(/^heka-sbmgr: Error reading scriptConfig: open .*nope\.toml: no such file or directory\n {2}hint: point -scriptconfig at/);
    await settle();
    expect(sink.connections).toBe(0);
  });
});

describe('heka-sbmgr -action=unload', () => {
  it('sends the filter name, then the action, and no payload', async () => {
    const result = await run('heka-sbmgr', ['-config', config(OPS_SIGNER), '-action', 'unload', '-filtername', 'Example']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    await sink.waitFor(1);
    const msg = verified(sink.records[0]!, 'ops', 0, KEY);
    expect(fieldsOf(msg)).toEqual([
      ['name', ValueType.STRING, '', ['Example']],
      ['action', ValueType.STRING, '', ['unload']],
    ]);
    expect([msg.type, msg.logger, msg._payload, msg.hostname]).toEqual(['heka.control.sandbox', 'hekad', undefined, hostname()]);
  });

  it('signs even without a [signer] table, as Heka did (empty name and key, MD5)', async () => {
    const result = await run('heka-sbmgr', ['-config', config(''), '-action=unload']);
    expect(result.code).toBe(0);
    await sink.waitFor(1);
    const record = sink.records[0]!;
    expect([record.header.hmac_signer, record.header.hmac_key_version, record.header.hmac?.length]).toEqual(['', 0, 16]);
    expect(fieldsOf(verified(record, '', 0, ''))[0]).toEqual(['name', ValueType.STRING, '', ['filter']]);
  });
});

describe('heka-sbmgr mistakes', () => {
  it('refuses an action other than load or unload before connecting (Heka sent it anyway)', async () => {
    const result = await run('heka-sbmgr', ['-config', config(OPS_SIGNER), '-action', 'reload']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('heka-sbmgr: Invalid action: reload\n  hint: -action is load (send a script and its config) or unload (stop a filter by name); nothing was sent\n');
    await settle();
    expect([sink.connections, sink.records.length]).toEqual([0, 0]);
  });

  it('exits 1 with "Error creating sender" when nothing listens at ip_address', async () => {
    const port = await closedPort();
    const cfg = writeFile(dir, 'sbmgr.toml', `ip_address = "127.0.0.1:${port}"\n${OPS_SIGNER}`);
    const result = await run('heka-sbmgr', ['-config', cfg, '-action=unload']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`heka-sbmgr: Error creating sender: dial tcp 127.0.0.1:${port}: connect: connection refused\n`
      + `  hint: is hekad running with a TcpInput listening on 127.0.0.1:${port} (ip_address in ${cfg})? Nothing was sent\n`);
  });

  it('names the missing config file and the -config flag', async () => {
    const result = await run('heka-sbmgr', ['-action=unload'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('heka-sbmgr: Error decoding config file: open sbmgr.toml: no such file or directory\n'
      + '  hint: point -config at a TOML file with ip_address = "host:port" and a [signer] table (the default is sbmgr.toml / sbmgrload.toml in the current directory)\n');
  });

  it('reports misspelt settings with their line and a suggestion, all at once, and sends nothing', async () => {
    const cfg = config('use_tsl = true\n[signer]\nname = "ops"\nhmac_keys = "k"\n[singer]\nname = "x"\n');
    const result = await run('heka-sbmgr', ['-config', cfg, '-action=unload']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`heka-sbmgr: 3 error(s) in ${cfg}:\n`
      + `  ${cfg}:2: use_tsl: unknown setting use_tsl — did you mean "use_tls"?\n`
      + `  ${cfg}:5: signer.hmac_keys: unknown setting signer.hmac_keys — did you mean "hmac_key"?\n`
      + `  ${cfg}:6: singer: unknown setting singer — did you mean "signer"?\n`
      + '  hint: fix the settings above and run again\n');
    await settle();
    expect(sink.connections).toBe(0);
  });

  it('explains an empty or malformed ip_address at its line', async () => {
    const cfg = writeFile(dir, 'sbmgr.toml', `${OPS_SIGNER}`);
    const empty = await run('heka-sbmgr', ['-config', cfg, '-action=unload']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain(`  ${cfg}: ip_address: ip_address is empty — write ip_address = "127.0.0.1:5565"`);
    writeFile(dir, 'sbmgr.toml', `ip_address = "localhost"\n${OPS_SIGNER}`);
    const bad = await run('heka-sbmgr', ['-config', cfg, '-action=unload']);
    expect(bad.stderr).toContain(`  ${cfg}:1: ip_address: ip_address "localhost" is not a host:port address — write`);
  });
});

describe('heka-sbmgr over TLS', () => {
  it('connects with use_tls and a [tls] table and sends the signed message', async () => {
    await sink.close();
    const certs = makeTestCertificates(dir);
    sink = await FrameSink.start({ tls: serverTlsOptions(decodeTlsSettings({ cert_file: certs.serverCert, key_file: certs.serverKey })) });
    const cfg = config(`use_tls = true\n${OPS_SIGNER}[tls]\nroot_cafile = "${certs.caCert}"\n`);
    const result = await run('heka-sbmgr', ['-config', cfg, '-action=unload', '-filtername=tls']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    await sink.waitFor(1);
    expect(decodeMessage(sink.records[0]!.message).fields[0]!.values).toEqual(['tls']);
  });

  it('says so when the server certificate is not trusted', async () => {
    await sink.close();
    const certs = makeTestCertificates(dir);
    sink = await FrameSink.start({ tls: serverTlsOptions(decodeTlsSettings({ cert_file: certs.serverCert, key_file: certs.serverKey })) });
    const cfg = config(`use_tls = true\n${OPS_SIGNER}[tls]\nroot_cafile = "${certs.otherCaCert}"\n`);
    const result = await run('heka-sbmgr', ['-config', cfg, '-action=unload']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^heka-sbmgr: Error creating sender: dial tcp ${sink.address}: .+\n  hint: `));
    expect(sink.records).toHaveLength(0);
  });
});

describe('heka-sbmgr flags', () => {
  it('-h lists Heka\'s flags and defaults', async () => {
    const result = await run('heka-sbmgr', ['-h']);
    expect(result.code).toBe(0);
    for (const line of [
      '  -action string\n    \tSandbox manager action (default "load")\n',
      '  -config string\n    \tSandbox manager configuration file (default "sbmgr.toml")\n',
      '  -filtername string\n    \tSandbox filter name (used on unload) (default "filter")\n',
      '  -script string\n    \tSandbox script file (default "xyz.lua")\n',
      '  -scriptconfig string\n    \tSandbox script configuration file (default "xyz.toml")\n',
    ]) expect(result.stderr + result.stdout).toContain(line);
  });
});
