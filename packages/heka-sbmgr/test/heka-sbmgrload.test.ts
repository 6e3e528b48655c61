// heka-sbmgrload as users run it (bin/heka-sbmgrload) against a FrameSink on 127.0.0.1: -num
// signed load or unload messages for CounterSandbox0…N-1, in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueType, parseHekaToml } from '@heka/core';
import { FrameSink } from '@heka/core/testing';
import { COUNTER_SCRIPT } from '../src/counter-sandbox.js';
import { closedPort, fieldsOf, run, verified, writeFile } from './run.js';

const KEY = 'load-test key';
const SIGNER = `[signer]\nname = "bench"\nhmac_key = "${KEY}"\nversion = 2\n`;

let dir: string;
let sink: FrameSink;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'heka-sbmgrload-'));
  sink = await FrameSink.start();
});
afterEach(async () => {
  await sink.close();
  rmSync(dir, { recursive: true, force: true });
});

const config = (): string => writeFile(dir, 'sbmgrload.toml', `ip_address = "${sink.address}"\n${SIGNER}`);

describe('heka-sbmgrload', () => {
  it('-action=load -num 3 sends three signed loads of the counter sandbox, CounterSandbox0..2', async () => {
    const result = await run('heka-sbmgrload', ['-config', config(), '-action=load', '-num', '3']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    await sink.waitFor(3);
    expect(sink.records).toHaveLength(3);
    const messages = sink.records.map((r) => verified(r, 'bench', 2, KEY));
    messages.forEach((m, i) => {
      expect([m.type, m.logger, m.hostname, m.payload]).toEqual(['heka.control.sandbox', 'hekad', hostname(), COUNTER_SCRIPT]);
      expect(fieldsOf(m)).toEqual([
        ['config', ValueType.STRING, 'toml', [`\n[CounterSandbox${i}]\ntype = "SandboxFilter"\nmessage_matcher = "Type == 'hekabench'"\nticker_interval = 1\nfilename = ""\npreserve_data = true\n`]],
        ['action', ValueType.STRING, '', ['load']],
      ]);
      // One section, as the manager needs (it takes the first section it finds).
      expect(parseHekaToml(m.fields[0]!.text()!, 'config').table).toEqual({
        [`CounterSandbox${i}`]: { type: 'SandboxFilter', message_matcher: "Type == 'hekabench'", ticker_interval: 1, filename: '', preserve_data: true },
      });
    });
    expect(new Set(messages.map((m) => m.uuidString)).size).toBe(3);
  });

  it('the counter script reports Heka\'s rate and summary lines', () => {
    expect(COUNTER_SCRIPT).toContain('function process_message()');
    expect(COUNTER_SCRIPT).toContain('function timer_event(ns)');
    expect(COUNTER_SCRIPT).toContain('inject_payload("txt", "rate", string.format("Got %d messages. %0.2f msg/sec", count, rate))');
    expect(COUNTER_SCRIPT).toContain('string.format("AGG Sum. Min: %0.2f Max: %0.2f Mean: %0.2f", lo, hi, sum / #rates)');
  });

  it('-action=unload -num 3 sends three signed unloads naming CounterSandbox0..2', async () => {
    const result = await run('heka-sbmgrload', ['-config', config(), '-action', 'unload', '-num=3']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    await sink.waitFor(3);
    const messages = sink.records.map((r) => verified(r, 'bench', 2, KEY));
    expect(messages.map(fieldsOf)).toEqual([0, 1, 2].map((i) => [
      ['name', ValueType.STRING, '', [`CounterSandbox${i}`]],
      ['action', ValueType.STRING, '', ['unload']],
    ]));
    expect(messages.map((m) => [m.logger, m._payload])).toEqual(Array(3).fill(['hekad', undefined]));
  });

  it('sends one by default', async () => {
    const result = await run('heka-sbmgrload', ['-config', config()]);
    expect(result.code).toBe(0);
    await sink.waitFor(1);
    await new Promise((r) => setTimeout(r, 100));
    expect(sink.records).toHaveLength(1);
    expect(verified(sink.records[0]!, 'bench', 2, KEY).fields[0]!.text()).toContain('[CounterSandbox0]');
  });

  it('refuses another action, or -num below 1, and sends nothing', async () => {
    const bad = await run('heka-sbmgrload', ['-config', config(), '-action=list', '-num', '3']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('heka-sbmgrload: Invalid action: list\n  hint: -action is load (start -num CounterSandbox filters) or unload (stop them); nothing was sent\n');
    const none = await run('heka-sbmgrload', ['-config', config(), '-num', '0']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('heka-sbmgrload: -num 0: nothing to load\n  hint: give -num the number of sandboxes, 1 or more\n');
    await new Promise((r) => setTimeout(r, 200));
    expect(sink.connections).toBe(0);
  });

  it('exits 1 with "Error creating sender" when nothing listens', async () => {
    const port = await closedPort();
    const cfg = writeFile(dir, 'sbmgrload.toml', `ip_address = "127.0.0.1:${port}"\n`);
    const result = await run('heka-sbmgrload', ['-config', cfg, '-num', '2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^heka-sbmgrload: Error creating sender: dial tcp 127\\.0\\.0\\.1:${port}: connect: connection refused\n  hint: `));
  });

  it('exits 1 with "Error sending message" when hekad drops the connection mid-way', async () => {
    // A peer that hangs up at the first bytes: most of 20,000 messages cannot be written.
    const server = createServer((s) => { s.once('data', () => s.destroy()); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const { port } = server.address() as AddressInfo;
      const cfg = writeFile(dir, 'sbmgrload.toml', `ip_address = "127.0.0.1:${port}"\n`);
      const result = await run('heka-sbmgrload', ['-config', cfg, '-num', '20000']);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^heka-sbmgrload: Error sending message: write tcp 127\\.0\\.0\\.1:${port}: .+\n {2}hint: the connection to hekad was lost`));
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('names the missing default config file', async () => {
    const result = await run('heka-sbmgrload', ['-num', '1'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^heka-sbmgrload: Error decoding config file: open sbmgrload\.toml: no such file or directory\n {2}hint: point -config at/);
  });
});
