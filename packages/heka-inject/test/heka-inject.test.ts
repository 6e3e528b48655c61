// heka-inject as users run it (bin/heka-inject) against a real TCP server on 127.0.0.1 that reads
// the stream with FrameReader; its frame is compared with what Heka 0.10's heka-inject sent.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrameReader, ValueType, decodeMessage, type FrameRecord } from '@heka/core';
import { FrameSink, freePort, repoRoot, runBin } from '@heka/core/testing';

const HEKA_STREAMS = join(repoRoot, '..', 'shared', 'fixtures', 'heka-streams');

function hekaRecord(name: string): FrameRecord {
  const reader = new FrameReader();
  reader.push(readFileSync(join(HEKA_STREAMS, name)));
  const [item] = reader.finish();
  if (item?.kind !== 'record') throw new Error(`${name}: no record`);
  return item;
}

/** Runs bin/heka-inject asynchronously (the sink lives in this process's event loop). */
function inject(args: string[], input?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'heka-inject'), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
    child.stdin.end(input ?? '');
  });
}


let sink: FrameSink;
beforeEach(async () => { sink = await FrameSink.start(); });
afterEach(async () => { await sink.close(); });

describe('heka-inject', () => {
  it('sends the same frame as Heka\'s heka-inject for the same flags (uuid and timestamp aside)', async () => {
    const heka = hekaRecord('inject.hpb');
    const run = await inject(['-heka', sink.address, '-payload=hello from heka-inject', '-type=demo.inject', '-logger=fixture', '-severity=4', '-pid=1234', '-hostname=fixture.example']);
    expect(run).toMatchObject({ code: 0, stdout: '', stderr: '' });
    await sink.waitFor(1);
    const ours = sink.records[0]!;
    expect(sink.records).toHaveLength(1);
    // Same header bytes (an unsigned header holding the same message_length) and message length.
    expect(Buffer.from(ours.record.subarray(0, ours.record.length - ours.message.length))).toEqual(Buffer.from(heka.record.subarray(0, heka.record.length - heka.message.length)));
    // The message bytes are identical but for the uuid (bytes 2..17) and the timestamp varint after it.
    const mask = (m: Uint8Array): Buffer => {
      const b = Buffer.from(m);
      expect([b[0], b[1], b[18]]).toEqual([0x0a, 0x10, 0x10]);
      let end = 19;
      while (b[end]! & 0x80) end++;
      b.fill(0, 2, 18).fill(0, 19, end + 1);
      return b;
    };
    expect(mask(ours.message)).toEqual(mask(heka.message));
    const msg = decodeMessage(ours.message);
    expect(msg.uuid).toHaveLength(16);
    expect(Number(msg.timestamp / 1_000_000n)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('adds typed -field values', async () => {
    const run = await inject(['-heka', sink.address, '-field', 'host=web-1', '-field=count:int=3', '-field=ratio:double=0.5', '-field=ok:bool=true', '-field=host=web-2']);
    expect(run.code).toBe(0);
    await sink.waitFor(1);
    const fields = decodeMessage(sink.records[0]!.message).fields.map((f) => [f.name, f.valueType, f.values]);
    expect(fields).toEqual([
      ['host', ValueType.STRING, ['web-1']],
      ['count', ValueType.INTEGER, [3n]],
      ['ratio', ValueType.DOUBLE, [0.5]],
      ['ok', ValueType.BOOL, [true]],
      ['host', ValueType.STRING, ['web-2']],
    ]);
    const msg = decodeMessage(sink.records[0]!.message);
    expect([msg.type, msg.logger, msg.severity, msg.pid]).toEqual(['inject.message', 'Inject Client', 7, expect.any(Number)]);
    expect(msg.pid).toBeGreaterThan(0);
  });

  it('-stdin sends one message per line, in order, and prints the count and rate', async () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    const run = await inject(['-heka', sink.address, '-stdin', '-type=lines', '-field=src:int=1'], lines.join('\n') + '\n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Sent 2000 messages in \d+\.\d\d s: \d+\.\d\d msg\/sec\n$/);
    await sink.waitFor(2000);
    const got = sink.records.map((r) => decodeMessage(r.message));
    expect(got.map((m) => m.payload)).toEqual(lines);
    expect(new Set(got.map((m) => m.type))).toEqual(new Set(['lines']));
    expect(got[1999]!.fields[0]!.values).toEqual([1n]);
  });

  it('-stdin reports a line too long for a message and sends the others', async () => {
    const run = await inject(['-heka', sink.address, '-stdin'], `a\n${'x'.repeat(70_000)}\nb\n`);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Inject: \[error\] line 2 not sent: Message too big, requires \d+ \(MAX_MESSAGE_SIZE = 65536\)\n$/);
    expect(run.stdout).toMatch(/^Sent 2 messages .* \(1 lines too long, not sent\)\n$/);
    await sink.waitFor(2);
    expect(sink.records.map((r) => decodeMessage(r.message).payload)).toEqual(['a', 'b']);
  });

  it('exits 1 saying where it could not connect (Heka exited 0 silently)', async () => {
    const port = await freePort();
    const run = await inject(['-heka', `127.0.0.1:${port}`, '-payload=x']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`heka-inject: cannot connect to 127.0.0.1:${port}: connection refused\n  hint: is hekad running with a TcpInput listening there? Point -heka at its host:port\n`);
  });

  it('explains a malformed -heka address and a bad -field, with exit codes 1 and 2', async () => {
    const bad = await inject(['-heka', 'localhost', '-payload=x']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^heka-inject: address "localhost" is not a host:port address\n  hint: /);
    const field = await inject(['-heka', sink.address, '-field=n:int=x']);
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/^heka-inject: -field "n:int=x": "x" is not an integer\n  hint: /);
    expect(sink.records).toHaveLength(0);
  });

  it('prints the flag defaults and exits 0 when given no flags, as Heka does', () => {
    const run = runBin('heka-inject', []);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('  -heka string\n    \tHeka instance to inject message (default "127.0.0.1:5565")\n');
    expect(run.stderr).toContain('  -severity int\n    \tSyslog severity level (default 7)\n');
    expect(run.stderr).toContain('  -field value\n');
  });
});
